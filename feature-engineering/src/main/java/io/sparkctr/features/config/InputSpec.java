package io.sparkctr.features.config;

import java.io.Serializable;
import java.util.List;

/**
 * Where the raw logs are and how their lines split into columns.
 *
 * @param path file, directory or glob on any Hadoop file system ("" when given on the command line)
 * @param format csv, tsv or parquet
 * @param header whether each text file starts with a header line naming the columns
 * @param delimiter the csv delimiter (tsv always uses a tab)
 * @param columns column names of headerless text files, in order
 * @param missingValues tokens read as missing besides the empty string
 * @param quote csv/tsv: the RFC 4180 quote character, "" for none (every delimiter splits)
 * @param multiline csv/tsv with a quote: quoted fields may hold line breaks (each file is then read
 *     by one task, as Spark's CSV reader does with multiLine)
 */
public record InputSpec(String path, InputFormat format, boolean header, String delimiter,
                        List<String> columns, List<String> missingValues, String quote, boolean multiline)
    implements Serializable {
  public static final String PATH = "input.path";
  public static final String FORMAT = "input.format";
  public static final String HEADER = "input.header";
  public static final String DELIMITER = "input.delimiter";
  public static final String COLUMNS = "input.columns";
  public static final String MISSING_VALUES = "input.missing-values";
  public static final String QUOTE = "input.quote";
  public static final String MULTILINE = "input.multiline";

  public InputSpec {
    columns = List.copyOf(columns);
    missingValues = List.copyOf(missingValues);
    if (format.isText()) {
      if (header && !columns.isEmpty()) {
        throw new IllegalArgumentException("Cannot configure input: " + COLUMNS + " " + columns
            + " must be empty when " + HEADER + " = true (names come from the header)");
      }
      if (!header && columns.isEmpty()) {
        throw new IllegalArgumentException("Cannot configure input: headerless " + format.name().toLowerCase()
            + " needs " + COLUMNS + " to name its columns");
      }
      for (String c : columns) {
        if (columns.indexOf(c) != columns.lastIndexOf(c)) {
          throw new IllegalArgumentException("Cannot configure input: " + COLUMNS + " names column '" + c + "' twice");
        }
      }
      if (format == InputFormat.CSV && delimiter.length() != 1) {
        throw new IllegalArgumentException("Cannot configure input: " + DELIMITER + " must be one character, got '"
            + delimiter + "'");
      }
      char sep = format == InputFormat.TSV ? '\t' : delimiter.charAt(0);
      if (quote.length() > 1 || (quote.length() == 1 && (quote.charAt(0) == sep || quote.charAt(0) == '\n'
          || quote.charAt(0) == '\r'))) {
        throw new IllegalArgumentException("Cannot configure input: " + QUOTE + " must be \"\" (no quoting) or one "
            + "character other than the delimiter and line breaks, got '" + quote + "'");
      }
      if (multiline && quote.isEmpty()) {
        throw new IllegalArgumentException("Cannot configure input: " + MULTILINE + " = true needs a " + QUOTE
            + " (only a quoted field can hold a line break)");
      }
    }
  }

  /** Unquoted input that cannot span lines (the format before quoting was supported). */
  public InputSpec(String path, InputFormat format, boolean header, String delimiter, List<String> columns,
                   List<String> missingValues) {
    this(path, format, header, delimiter, columns, missingValues, "", false);
  }

  /** The quote character of text lines, or {@code RecordParser.NO_QUOTE} ({@code \0}) when unquoted. */
  public char quoteChar() {
    return format.isText() && !quote.isEmpty() ? quote.charAt(0) : '\0';
  }

  /** The character that separates fields of a text line. */
  public char separator() {
    return format == InputFormat.TSV ? '\t' : delimiter.charAt(0);
  }

  /** A copy reading from another path. */
  public InputSpec withPath(String newPath) {
    return new InputSpec(newPath, format, header, delimiter, columns, missingValues, quote, multiline);
  }
}
