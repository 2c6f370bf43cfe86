package io.sparkctr.features.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bytes of a text line: invalid UTF-8 quarantined (not replaced and hashed), a file's byte-order mark stripped. */
class LineDecoderTest {
  static final LineDecoder DECODER = new LineDecoder(StrictSyntaxTest.PARSER);

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else {
        for (int x : (int[]) p) {
          b.write(x);
        }
      }
    }
    return b.toByteArray();
  }

  private static ParseOutcome parse(byte[] line, long offset) {
    byte[] padded = new byte[line.length + 5]; // Hadoop's Text buffer is longer than its line
    System.arraycopy(line, 0, padded, 0, line.length);
    return DECODER.parse(padded, line.length, "file:/d/a.csv", offset);
  }

  @Test
  void invalidUtf8IsQuarantinedNamingByteAndField() {
    // "caf\xE9" (Latin-1 é) and "caf\xC3\xA9" (UTF-8 é) would both have hashed as different values at best,
    // and any two invalid bytes to the same U+FFFD
    ParseOutcome o = parse(bytes("r,1,1767225600,caf", new int[] {0xE9}, ",b,1"), 40);
    assertEquals(BadRowReason.INVALID_UTF8, o.bad.reason());
    assertEquals("invalid UTF-8 byte 0xE9 at byte 18 of the line (field c1)", o.bad.detail());
    assertEquals("byte offset 40", o.bad.location());
    assertEquals("r,1,1767225600,caf\uFFFD,b,1", o.bad.raw());
    ParseOutcome overlong = parse(bytes("r,1,1767225600,a,", new int[] {0xC0, 0xAF}, ",1"), 0);
    assertEquals(BadRowReason.INVALID_UTF8, overlong.bad.reason());
    assertTrue(overlong.bad.detail().contains("(field c2)"), overlong.bad.detail());
    ParseOutcome truncated = parse(bytes("r,1,1767225600,a,b,1", new int[] {0xE2, 0x82}), 0);
    assertEquals(BadRowReason.INVALID_UTF8, truncated.bad.reason());
    ParseOutcome valid = parse(bytes("r,1,1767225600,caf\u00e9,\u6771\u4eac,1"), 0);
    assertEquals("caf\u00e9", valid.record.categorical[0]);
    assertEquals("\u6771\u4eac", valid.record.categorical[1]);
  }

  @Test
  void aByteOrderMarkAtTheStartOfAFileIsStripped() {
    byte[] line = bytes(new int[] {0xEF, 0xBB, 0xBF}, "r,1,1767225600,a,b,1");
    ParseOutcome first = parse(line, 0);
    assertTrue(first.isOk(), String.valueOf(first.bad));
    assertEquals("r", first.record.id);
    // anywhere else it is data: here it makes the id field "\uFEFFr"
    ParseOutcome later = parse(bytes("\uFEFFr,1,1767225600,a,b,1"), 100);
    assertEquals("\uFEFFr", later.record.id);
  }
}
