package io.sparkctr.features.parse;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import java.io.Serializable;

/**
 * RFC 4180 field splitting of one text record with univocity-parsers (the CSV parser Spark ships):
 * a field that starts with the quote character runs to the matching closing quote, may hold the
 * delimiter, line breaks and doubled quotes ({@code ""} is one {@code "}), and loses its quotes.
 * A quote inside an unquoted field is kept literally (as Spark's CSV reader does). Strict where
 * univocity is lenient by default: no whitespace trimming, an empty field is the empty string,
 * text after a closing quote ({@code "ab"c}) is an error.
 *
 * <p>{@link #endsInsideQuotes} tells whether a record is still open at the end of the text (its
 * quoted field continues on the next line), with the same rules; it is what joins the lines of a
 * multi-line record and what catches an unterminated quote.
 *
 * <p>Not thread-safe (the univocity parser is built lazily per instance): one per partition.
 */
public final class QuotedFields implements Serializable {
  private final char separator;
  private final char quote;
  private final int maxColumns;
  private transient CsvParser parser;

  /**
   * @param maxColumns the most fields a record may have before it is reported as too wide
   */
  public QuotedFields(char separator, char quote, int maxColumns) {
    if (separator == quote) {
      throw new IllegalArgumentException("Cannot read quoted fields: the delimiter and the quote are both '"
          + separator + "'");
    }
    this.separator = separator;
    this.quote = quote;
    this.maxColumns = maxColumns;
  }

  public char quote() {
    return quote;
  }

  /**
   * The fields of {@code record}, unquoted.
   *
   * @throws IllegalArgumentException describing malformed quoting (text after a closing quote,
   *     an unterminated quote) or more than {@code maxColumns} fields
   */
  public String[] split(String record) {
    if (endsInsideQuotes(record)) {
      throw new IllegalArgumentException("unterminated quoted field (no closing " + quote
          + "; a quoted field with line breaks needs input.multiline = true)");
    }
    try {
      String[] out = parser().parseLine(record);
      return out == null ? new String[] {""} : out;
    } catch (TextParsingException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      int cut = m.indexOf('\n');
      throw new IllegalArgumentException("malformed quoting: " + (cut < 0 ? m : m.substring(0, cut)), e);
    }
  }

  /** Whether the end of {@code text} lies inside a quoted field (RFC 4180 state machine). */
  public boolean endsInsideQuotes(String text) {
    boolean atFieldStart = true;
    boolean inQuotes = false;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (inQuotes) {
        if (c == quote) {
          if (i + 1 < n && text.charAt(i + 1) == quote) {
            i++;
          } else {
            inQuotes = false;
          }
        }
      } else if (c == separator || c == '\n') {
        atFieldStart = true;
      } else {
        if (c == quote && atFieldStart) {
          inQuotes = true;
        }
        atFieldStart = false;
      }
    }
    return inQuotes;
  }

  private CsvParser parser() {
    if (parser == null) {
      CsvParserSettings s = new CsvParserSettings();
      s.getFormat().setDelimiter(separator);
      s.getFormat().setQuote(quote);
      s.getFormat().setQuoteEscape(quote);
      s.getFormat().setCharToEscapeQuoteEscaping(quote);
      s.getFormat().setLineSeparator("\n");
      s.getFormat().setNormalizedNewline('\n');
      s.getFormat().setComment('\0');
      s.setIgnoreLeadingWhitespaces(false);
      s.setIgnoreTrailingWhitespaces(false);
      s.setIgnoreLeadingWhitespacesInQuotes(false);
      s.setIgnoreTrailingWhitespacesInQuotes(false);
      s.setNullValue("");
      s.setEmptyValue("");
      s.setSkipEmptyLines(false);
      s.setMaxCharsPerColumn(-1);
      s.setMaxColumns(maxColumns);
      s.setNormalizeLineEndingsWithinQuotes(false);
      s.setUnescapedQuoteHandling(UnescapedQuoteHandling.RAISE_ERROR);
      s.setLineSeparatorDetectionEnabled(false);
      s.setErrorContentLength(64);
      parser = new CsvParser(s);
    }
    return parser;
  }
}
