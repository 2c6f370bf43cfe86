package io.sparkctr.features.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimestampSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordParserTest {
  static final SchemaSpec SCHEMA = new SchemaSpec("label", Optional.of("id"), Optional.empty(), List.of("c1", "c2"),
      List.of("n1"), new TimestampSpec("ts", "epoch-seconds", "UTC", "day_(\\d+)"));
  static final RecordParser PARSER = new RecordParser(List.of("id", "label", "ts", "c1", "c2", "n1"), ',',
      List.of("NULL"), SCHEMA, "test");

  @Test
  void parsesAGoodLineWithMissingValues() {
    ParseOutcome o = PARSER.parseLine("r7,1,1700000000,abc,NULL,", "file:/d/a.csv", 42);
    assertTrue(o.isOk());
    ParsedRecord r = o.record;
    assertEquals(1, r.label);
    assertEquals(1_700_000_000L, r.timestamp);
    assertEquals("r7", r.id);
    assertArrayEquals(new String[] {"abc", null}, r.categorical);
    assertTrue(Double.isNaN(r.numeric[0]));
    assertEquals("a.csv", r.file);
    assertEquals(42, r.position);
  }

  @Test
  void eachKindOfBadRowNamesReasonFieldAndValue() {
    assertBad("", BadRowReason.EMPTY_LINE, "empty");
    assertBad("r,1,17,a,b", BadRowReason.WRONG_FIELD_COUNT, "expected 6 fields, got 5");
    assertBad("r,1,17,a,b,1,extra", BadRowReason.WRONG_FIELD_COUNT, "got 7");
    assertBad("r,2,17,a,b,1", BadRowReason.BAD_LABEL, "label = '2'");
    assertBad("r,,17,a,b,1", BadRowReason.BAD_LABEL, "label is empty");
    assertBad("r,1,yesterday,a,b,1", BadRowReason.BAD_TIMESTAMP, "ts = 'yesterday'");
    assertBad("r,1,,a,b,1", BadRowReason.BAD_TIMESTAMP, "ts is missing");
    assertBad("r,0,17,a,b,1.2.3", BadRowReason.BAD_NUMBER, "n1 = '1.2.3'");
    assertBad("r,0,17,a,b,Infinity", BadRowReason.BAD_NUMBER, "n1 = 'Infinity'");
  }

  private static void assertBad(String line, BadRowReason reason, String detail) {
    ParseOutcome o = PARSER.parseLine(line, "file:/d/a.csv", 99);
    assertNull(o.record, line);
    assertEquals(reason, o.bad.reason(), line);
    assertTrue(o.bad.detail().contains(detail), o.bad.detail());
    assertEquals("byte offset 99", o.bad.location());
    assertEquals("file:/d/a.csv", o.bad.file());
    assertEquals(line, o.bad.raw());
  }

  @Test
  void absentDeclaredColumnIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RecordParser(List.of("id", "label", "ts", "c1"), ',', List.of(), SCHEMA, "input x.csv"));
    assertTrue(e.getMessage().contains("[c2, n1]") && e.getMessage().contains("x.csv"), e.getMessage());
  }
}
