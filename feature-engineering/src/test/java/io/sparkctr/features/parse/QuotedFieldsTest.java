package io.sparkctr.features.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimestampSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 4180 quoting through the record parser: delimiters, doubled quotes and line breaks inside quotes. */
class QuotedFieldsTest {
  static final SchemaSpec SCHEMA = new SchemaSpec("label", Optional.empty(), Optional.empty(), List.of("c1", "c2"),
      List.of("n1"), new TimestampSpec("ts", "epoch-seconds", "UTC", "day_(\\d+)"));
  static final List<String> COLUMNS = List.of("label", "ts", "c1", "c2", "n1");
  static final RecordParser QUOTED = new RecordParser(COLUMNS, ',', '"', List.of(), SCHEMA, "test");
  static final RecordParser PLAIN = new RecordParser(COLUMNS, ',', List.of(), SCHEMA, "test");

  @Test
  void quotedFieldsKeepDelimitersQuotesAndLineBreaks() {
    ParsedRecord r = QUOTED.parseLine("1,1700000000,\"Toy Story, 1995\",\"say \"\"hi\"\"\",\"3\"", "f", 0).record;
    assertArrayEquals(new String[] {"Toy Story, 1995", "say \"hi\""}, r.categorical);
    assertEquals(3.0, r.numeric[0]);
    ParsedRecord multi = QUOTED.parseLine("0,1700000000,\"two\nlines\",,", "f", 0).record;
    assertArrayEquals(new String[] {"two\nlines", null}, multi.categorical, "an empty field is missing");
    ParsedRecord empty = QUOTED.parseLine("0,1700000000,\"\",b,", "f", 0).record;
    assertArrayEquals(new String[] {null, "b"}, empty.categorical, "a quoted empty field is missing too");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsLiteralAndUnquotedLinesSplitAsBefore() {
    assertArrayEquals(new String[] {"5\" disk", "b"},
        QUOTED.parseLine("1,1700000000,5\" disk,b,1", "f", 0).record.categorical);
    assertArrayEquals(new String[] {"a", " b "}, QUOTED.parseLine("1,1700000000,a, b ,1", "f", 0).record.categorical,
        "no trimming");
    assertEquals(BadRowReason.WRONG_FIELD_COUNT, PLAIN.parseLine("1,1700000000,\"a,b\",c,1", "f", 0).bad.reason(),
        "input.quote = \"\" splits at every delimiter, as before");
  }

  @Test
  void malformedQuotingIsQuarantinedWithItsReason() {
    ParseOutcome open = QUOTED.parseLine("1,1700000000,\"never closed,b,1", "f.csv", 17);
    assertEquals(BadRowReason.BAD_QUOTING, open.bad.reason());
    assertTrue(open.bad.detail().contains("unterminated quoted field"), open.bad.detail());
    assertTrue(open.bad.detail().contains("input.multiline"), open.bad.detail());
    assertEquals("byte offset 17", open.bad.location());
    ParseOutcome trailing = QUOTED.parseLine("1,1700000000,\"ab\"c,b,1", "f.csv", 3);
    assertEquals(BadRowReason.BAD_QUOTING, trailing.bad.reason(), String.valueOf(trailing.bad));
    ParseOutcome count = QUOTED.parseLine("1,1700000000,\"a,b\",1", "f.csv", 3);
    assertEquals(BadRowReason.WRONG_FIELD_COUNT, count.bad.reason());
    assertTrue(count.bad.detail().contains("expected 5 fields, got 4"), count.bad.detail());
  }

  @Test
  void aRecordContinuesOnlyWhileAQuotedFieldIsOpen() {
    assertTrue(QUOTED.continuesOnNextLine("1,2,\"open"));
    assertTrue(QUOTED.continuesOnNextLine("1,2,\"open \"\" still"));
    assertFalse(QUOTED.continuesOnNextLine("1,2,\"closed\",x"));
    assertFalse(QUOTED.continuesOnNextLine("1,2,5\" literal"));
    assertTrue(QUOTED.continuesOnNextLine("1,2,\"first\nsecond"));
    assertFalse(PLAIN.continuesOnNextLine("1,2,\"open"));
  }
}
