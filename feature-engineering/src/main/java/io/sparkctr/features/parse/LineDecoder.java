package io.sparkctr.features.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of one text line into a parsed or quarantined row. Strict where a plain
 * {@code new String(bytes, UTF_8)} is lax: bytes that are not valid UTF-8 make the row
 * {@link BadRowReason#INVALID_UTF8} (naming the byte and field) instead of being replaced by
 * U+FFFD — which would hash two different byte strings to the same index. A UTF-8 byte-order mark
 * at the start of a file (offset 0) is stripped.
 *
 * <p>Not thread-safe and not serializable: make one per partition, on the executor.
 */
public final class LineDecoder {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private final RecordParser parser;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  public LineDecoder(RecordParser parser) {
    this.parser = parser;
  }

  /** Parses the first {@code length} bytes of {@code bytes}, a line found at byte {@code offset} of {@code file}. */
  public ParseOutcome parse(byte[] bytes, int length, String file, long offset) {
    int start = offset == 0 && startsWithBom(bytes, length) ? BOM.length : 0;
    ByteBuffer in = ByteBuffer.wrap(bytes, start, length - start);
    CharBuffer out = CharBuffer.allocate(length - start);
    decoder.reset();
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      int at = in.position();
      String lossy = new String(bytes, start, length - start, StandardCharsets.UTF_8);
      return RecordParser.bad(file, "byte offset " + offset, BadRowReason.INVALID_UTF8, "invalid UTF-8 byte 0x"
          + String.format("%02X", bytes[at] & 0xFF) + " at byte " + (at - start) + " of the line" + field(bytes, start,
          at), lossy);
    }
    out.flip();
    return parser.parseLine(out.toString(), file, offset);
  }

  private static boolean startsWithBom(byte[] bytes, int length) {
    return length >= BOM.length && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
  }

  /** ", in field NAME" when the separator is ASCII and the field can be named. */
  private String field(byte[] bytes, int start, int at) {
    char sep = parser.separator();
    if (sep >= 0x80) {
      return "";
    }
    int n = 0;
    for (int i = start; i < at; i++) {
      if (bytes[i] == sep) {
        n++;
      }
    }
    return n < parser.columns().size() ? " (field " + parser.columns().get(n) + ")" : "";
  }
}
