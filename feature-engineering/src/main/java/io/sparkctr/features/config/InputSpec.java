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
 */
public record InputSpec(String path, InputFormat format, boolean header, String delimiter,
                        List<String> columns, List<String> missingValues) implements Serializable {
  public static final String PATH = "input.path";
  public static final String FORMAT = "input.format";
  public static final String HEADER = "input.header";
  public static final String DELIMITER = "input.delimiter";
  public static final String COLUMNS = "input.columns";
  public static final String MISSING_VALUES = "input.missing-values";

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
    }
  }

  /** The character that separates fields of a text line. */
  public char separator() {
    return format == InputFormat.TSV ? '\t' : delimiter.charAt(0);
  }

  /** A copy reading from another path. */
  public InputSpec withPath(String newPath) {
    return new InputSpec(newPath, format, header, delimiter, columns, missingValues);
  }
}
