package io.sparkctr.features.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimestampSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Values Java's parsers accept but the feature job must not: each is quarantined with its reason. */
class StrictSyntaxTest {
  static final long MIN = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
  static final long MAX = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond();
  static final SchemaSpec SCHEMA = new SchemaSpec("label", Optional.of("id"), Optional.empty(), List.of("c1", "c2"),
      List.of("n1"), new TimestampSpec("ts", "epoch-seconds", "UTC", "day_(\\d+)", MIN, MAX));
  static final RecordParser PARSER = new RecordParser(List.of("id", "label", "ts", "c1", "c2", "n1"), ',',
      List.of("NULL"), SCHEMA, "test");
  static final String TS = "1767225600";

  @Test
  void numbersArePlainDecimalsOnly() {
    for (String n : List.of("3", "-2.5", "+4E2", ".5", "5.", "1e-5", "0", "-0.0", "123456789012345678901234")) {
      ParseOutcome o = PARSER.parseLine("r,1," + TS + ",a,b," + n, "f.csv", 0);
      assertTrue(o.isOk(), n + ": " + o.bad);
      assertEquals(Double.parseDouble(n), o.record.numeric[0], 0.0, n);
    }
    for (String n : List.of("1d", "2f", "0x1p3", "NaN", "Infinity", "-Infinity", " 5", "5 ", "1e999", "1_000",
        "1e", ".", "-", "e5", "1,5".replace(',', ';'), "٣", "1.2.3")) {
      assertBad("r,1," + TS + ",a,b," + n, BadRowReason.BAD_NUMBER, "n1 = '" + n + "' is not a finite number");
    }
  }

  @Test
  void labelsAreExactlyZeroOrOne() {
    assertEquals(0, PARSER.parseLine("r,0," + TS + ",a,b,1", "f.csv", 0).record.label);
    assertEquals(1, PARSER.parseLine("r,1," + TS + ",a,b,1", "f.csv", 0).record.label);
    for (String l : List.of("1.0", " 1", "1 ", "-0", "+1", "01", "true", "NULL", "1d")) {
      assertBad("r," + l + "," + TS + ",a,b,1", BadRowReason.BAD_LABEL, "label = '" + l + "' is not 0 or 1");
    }
    assertBad("r,," + TS + ",a,b,1", BadRowReason.BAD_LABEL, "field label is empty");
    ParseOutcome missing = PARSER.parseFields(new String[] {"r", null, TS, "a", "b", "1"}, "parquet row", "f", "row 0",
        0);
    assertEquals("field label is missing", missing.bad.detail());
  }

  @Test
  void nulCharactersInAnyFieldAreQuarantined() {
    assertBad("r,1," + TS + ",a,b,5\0", BadRowReason.NUL_BYTE, "field n1 contains a NUL character (U+0000) at character 1");
    assertBad("r,1," + TS + ",a\0b,b,5", BadRowReason.NUL_BYTE, "field c1 contains a NUL");
    assertBad("\0r,1," + TS + ",a,b,5", BadRowReason.NUL_BYTE, "field id contains a NUL");
  }

  @Test
  void epochTimestampsAreAsciiIntegersWithoutWhitespace() {
    for (String t : List.of("+" + TS, " " + TS, TS + " ", TS + ".0", "1.7e9", "١٧٦٧٢٢٥٦٠٠", TS + "\t")) {
      assertBad("r,1," + t + ",a,b,1", BadRowReason.BAD_TIMESTAMP, "ts = '" + t + "' is not epoch-seconds");
    }
  }

  @Test
  void implausibleTimestampsNameTheValueAndTheRange() {
    String range = "outside the plausible range [2000-01-01T00:00:00Z, 2030-01-01T00:00:00Z]";
    assertBad("r,1,99999999999,a,b,1", BadRowReason.IMPLAUSIBLE_TIMESTAMP,
        "ts = '99999999999' is 5138-11-16T09:46:39Z, " + range);
    assertBad("r,1,1767225600000,a,b,1", BadRowReason.IMPLAUSIBLE_TIMESTAMP, "ts = '1767225600000'"); // millis
    assertBad("r,1,-5,a,b,1", BadRowReason.IMPLAUSIBLE_TIMESTAMP, "ts = '-5' is 1969-12-31T23:59:55Z, " + range);
    assertBad("r,1," + (MIN - 1) + ",a,b,1", BadRowReason.IMPLAUSIBLE_TIMESTAMP, range);
    assertBad("r,1,9223372036854775807,a,b,1", BadRowReason.IMPLAUSIBLE_TIMESTAMP, "9223372036854775807 s");
    assertTrue(PARSER.parseLine("r,1," + MIN + ",a,b,1", "f.csv", 0).isOk(), "min is inclusive");
    assertTrue(PARSER.parseLine("r,1," + MAX + ",a,b,1", "f.csv", 0).isOk(), "max is inclusive");
  }

  @Test
  void reasonsHaveOneSpelling() {
    assertEquals("bad-number", BadRowReason.BAD_NUMBER.toString());
    assertEquals("implausible-timestamp", "" + BadRowReason.IMPLAUSIBLE_TIMESTAMP);
    assertEquals("invalid-utf8", BadRowReason.INVALID_UTF8.configName());
    assertEquals("nul-byte", BadRowReason.NUL_BYTE.configName());
  }

  static void assertBad(String line, BadRowReason reason, String detail) {
    ParseOutcome o = PARSER.parseLine(line, "file:/d/a.csv", 7);
    assertTrue(!o.isOk(), "accepted: " + line);
    assertEquals(reason, o.bad.reason(), line + ": " + o.bad);
    assertTrue(o.bad.detail().contains(detail), o.bad.detail());
    assertEquals(line, o.bad.raw());
  }
}
