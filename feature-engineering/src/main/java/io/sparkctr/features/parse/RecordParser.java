package io.sparkctr.features.parse;

import io.sparkctr.features.config.MultiValuedSpec;
import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimeBound;
import io.sparkctr.features.config.TimestampSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one raw row (a text line, or the string values of a Parquet row) into a
 * {@link ParsedRecord}, or into a {@link QuarantinedRow} that names the reason, the field and
 * the value. Column positions come from the header (or the configured column list) resolved
 * once on the driver; the parser is then shipped to the executors.
 *
 * <p>Rules (the accepted syntax, see {@link FieldSyntax}): a line must have exactly as many fields
 * as there are columns; no field may contain a NUL character; the label must be exactly {@code 0}
 * or {@code 1}; the timestamp must parse in the configured format and, read from a column, lie in
 * the plausible range {@code schema.timestamp.min .. max}; a numeric field must be empty (or a
 * configured missing token) or a finite plain decimal. A categorical field is never bad: empty or
 * a missing token means missing. (UTF-8 validity and byte-order marks are handled by
 * {@link LineDecoder} before a line gets here.)
 */
public final class RecordParser implements Serializable {
  private final List<String> columns;
  private final char separator;
  private final QuotedFields quoted;
  private final Set<String> missingTokens;
  private final String labelName;
  private final String timestampName;
  private final String timestampFormat;
  private final List<String> numericNames;
  private final TimestampParser timestamps;
  private final TimestampSpec timestampSpec;
  private final int labelAt;
  private final int timestampAt;
  private final int idAt;
  private final int groupAt;
  private final int[] categoricalAt;
  private final int[] numericAt;
  private final MultiValuedSpec[] multi;
  private final int[] multiAt;
  private final int[] weightsAt;

  /** Label value of a record parsed without a label column (scoring). */
  public static final int NO_LABEL = -1;
  /** The quote character of unquoted input: every separator splits. */
  public static final char NO_QUOTE = '\0';

  /**
   * @param columns the column names of the input in order
   * @param separator field separator of text lines
   * @param missingTokens values read as missing besides ""
   * @throws IllegalArgumentException naming the first declared column that {@code columns} lacks
   */
  public RecordParser(List<String> columns, char separator, List<String> missingTokens, SchemaSpec schema,
                      String source) {
    this(columns, separator, NO_QUOTE, missingTokens, schema, source, true);
  }

  /**
   * @param quote the RFC 4180 quote character of text lines, or {@link #NO_QUOTE}: fields are then
   *     split at every separator
   */
  public RecordParser(List<String> columns, char separator, char quote, List<String> missingTokens,
                      SchemaSpec schema, String source) {
    this(columns, separator, quote, missingTokens, schema, source, true);
  }

  /**
   * A parser for scoring: as the training parser, but the label column may be absent from
   * {@code columns}; records then carry {@link #NO_LABEL}.
   */
  public static RecordParser forScoring(List<String> columns, char separator, List<String> missingTokens,
                                        SchemaSpec schema, String source) {
    return forScoring(columns, separator, NO_QUOTE, missingTokens, schema, source);
  }

  /** As {@link #forScoring(List, char, List, SchemaSpec, String)}, with RFC 4180 quoting (or {@link #NO_QUOTE}). */
  public static RecordParser forScoring(List<String> columns, char separator, char quote, List<String> missingTokens,
                                        SchemaSpec schema, String source) {
    return new RecordParser(columns, separator, quote, missingTokens, schema, source,
        columns.contains(schema.label()));
  }

  private RecordParser(List<String> columns, char separator, char quote, List<String> missingTokens,
                       SchemaSpec schema, String source, boolean withLabel) {
    this.columns = List.copyOf(columns);
    this.separator = separator;
    this.quoted = quote == NO_QUOTE ? null : new QuotedFields(separator, quote, columns.size() + 64);
    this.missingTokens = new HashSet<>(missingTokens);
    this.labelName = schema.label();
    this.timestampName = schema.timestamp().field();
    this.timestampFormat = schema.timestamp().format();
    this.numericNames = List.copyOf(schema.numeric());
    this.timestamps = new TimestampParser(schema.timestamp());
    this.timestampSpec = schema.timestamp();
    List<String> absent = new ArrayList<>();
    for (String c : schema.requiredColumns()) {
      if (!columns.contains(c) && (withLabel || !c.equals(schema.label()))) {
        absent.add(c);
      }
    }
    if (!absent.isEmpty()) {
      throw new IllegalArgumentException("Cannot read " + source + ": declared column(s) " + absent
          + " absent; its columns are " + columns);
    }
    this.labelAt = withLabel ? columns.indexOf(schema.label()) : -1;
    this.timestampAt = schema.timestamp().isFileDay() ? -1 : columns.indexOf(schema.timestamp().field());
    this.idAt = schema.id().map(columns::indexOf).orElse(-1);
    this.groupAt = schema.group().map(columns::indexOf).orElse(-1);
    this.categoricalAt = schema.categorical().stream().mapToInt(columns::indexOf).toArray();
    this.numericAt = schema.numeric().stream().mapToInt(columns::indexOf).toArray();
    this.multi = schema.multiValued().toArray(new MultiValuedSpec[0]);
    this.multiAt = schema.multiValued().stream().mapToInt(mv -> columns.indexOf(mv.field())).toArray();
    this.weightsAt = schema.multiValued().stream()
        .mapToInt(mv -> mv.weights().isEmpty() ? -1 : columns.indexOf(mv.weights())).toArray();
  }

  public List<String> columns() {
    return columns;
  }

  /** The separator of text lines. */
  public char separator() {
    return separator;
  }

  /**
   * Whether a text record ends inside a quoted field, so that its next line belongs to it
   * (always false without quoting).
   */
  /** Whether the input's columns hold the label (a scoring parser's input may lack it). */
  public boolean hasLabel() {
    return labelAt >= 0;
  }

  public boolean continuesOnNextLine(String text) {
    return quoted != null && text.indexOf(quoted.quote()) >= 0 && quoted.endsInsideQuotes(text);
  }

  /**
   * Parses a text record (one line, or several joined by {@code \n} when a quoted field holds line
   * breaks) found at byte {@code offset} of {@code file}.
   */
  public ParseOutcome parseLine(String line, String file, long offset) {
    String location = "byte offset " + offset;
    if (line.isBlank()) {
      return bad(file, location, BadRowReason.EMPTY_LINE, "empty line", line);
    }
    String[] fields;
    if (quoted != null && line.indexOf(quoted.quote()) >= 0) {
      try {
        String[] all = quoted.split(line);
        if (all.length != columns.size()) {
          return bad(file, location, BadRowReason.WRONG_FIELD_COUNT, "expected " + columns.size()
              + " fields, got " + all.length + " (quoted fields counted as one)", line);
        }
        fields = all;
      } catch (IllegalArgumentException e) {
        return bad(file, location, BadRowReason.BAD_QUOTING, e.getMessage(), line);
      }
      return parseFields(fields, line, file, location, offset);
    }
    fields = split(line);
    if (fields == null) {
      int got = countFields(line);
      return bad(file, location, BadRowReason.WRONG_FIELD_COUNT, "expected " + columns.size() + " fields, got " + got,
          line);
    }
    return parseFields(fields, line, file, location, offset);
  }

  /** Parses already separated values (null = missing); {@code raw} is shown if the row is bad. */
  public ParseOutcome parseFields(String[] fields, String raw, String file, String location, long position) {
    return parseFields(fields, null, raw, file, location, position);
  }

  /**
   * As {@link #parseFields(String[], String, String, String, long)}; {@code lists[i]}, when not null,
   * holds column i already as a list (a Parquet array: items, or weights as text; null elements are
   * missing items), which a multi-valued field then takes instead of splitting {@code fields[i]}.
   */
  public ParseOutcome parseFields(String[] fields, String[][] lists, String raw, String file, String location,
                                  long position) {
    for (int i = 0; i < fields.length; i++) {
      int at = fields[i] == null ? -1 : FieldSyntax.nul(fields[i]);
      if (at >= 0) {
        return bad(file, location, BadRowReason.NUL_BYTE, "field " + columns.get(i) + " contains a NUL character"
            + " (U+0000) at character " + at, raw);
      }
    }
    int label;
    if (labelAt < 0) {
      label = NO_LABEL;
    } else {
      String labelText = fields[labelAt];
      if ("1".equals(labelText)) {
        label = 1;
      } else if ("0".equals(labelText)) {
        label = 0;
      } else {
        return bad(file, location, BadRowReason.BAD_LABEL, "field " + labelName + (labelText == null ? " is missing"
            : labelText.isEmpty() ? " is empty" : " = '" + labelText + "' is not 0 or 1"), raw);
      }
    }
    long ts;
    String tsText = null;
    try {
      if (timestampAt < 0) {
        ts = timestamps.parseFileDay(baseName(file));
      } else {
        tsText = value(fields, timestampAt);
        if (tsText == null) {
          return bad(file, location, BadRowReason.BAD_TIMESTAMP, "field " + timestampName
              + " is missing", raw);
        }
        ts = timestamps.parse(tsText);
      }
    } catch (RuntimeException e) {
      return bad(file, location, BadRowReason.BAD_TIMESTAMP, (tsText == null ? e.getMessage()
          : "field " + timestampName + " = '" + tsText + "' is not " + timestampFormat), raw);
    }
    if (timestampAt >= 0 && !timestampSpec.isPlausible(ts)) {
      return bad(file, location, BadRowReason.IMPLAUSIBLE_TIMESTAMP, "field " + timestampName + " = '" + tsText
          + "' is " + TimeBound.show(ts) + ", outside the plausible range " + timestampSpec.plausibleRange(), raw);
    }
    String[] cats = new String[categoricalAt.length];
    for (int i = 0; i < cats.length; i++) {
      cats[i] = value(fields, categoricalAt[i]);
    }
    double[] nums = new double[numericAt.length];
    for (int i = 0; i < nums.length; i++) {
      String v = value(fields, numericAt[i]);
      if (v == null) {
        nums[i] = Double.NaN;
      } else {
        nums[i] = FieldSyntax.decimal(v);
        if (Double.isNaN(nums[i])) {
          return bad(file, location, BadRowReason.BAD_NUMBER, "field " + numericNames.get(i) + " = '" + v
              + "' is not a finite number", raw);
        }
      }
    }
    String[][] items = new String[multi.length][];
    float[][] weights = new float[multi.length][];
    int[] dropped = new int[multi.length];
    for (int b = 0; b < multi.length; b++) {
      MultiValuedSpec mv = multi[b];
      String[] parts = list(fields, lists, multiAt[b], mv.separator().charAt(0));
      String[] w = weightsAt[b] < 0 ? null : list(fields, lists, weightsAt[b], mv.separator().charAt(0));
      if (w != null && w.length != parts.length) {
        return bad(file, location, BadRowReason.BAD_LIST, "field " + mv.weights() + " has " + w.length
            + " weights for the " + parts.length + " items of field " + mv.field(), raw);
      }
      int n = 0;
      String[] kept = new String[parts.length];
      float[] keptW = w == null ? null : new float[parts.length];
      for (int i = 0; i < parts.length; i++) {
        String item = parts[i] == null || parts[i].isEmpty() || missingTokens.contains(parts[i]) ? null : parts[i];
        if (w != null) {
          double d = FieldSyntax.decimal(w[i] == null ? "" : w[i]);
          if (Double.isNaN(d) && item != null) {
            return bad(file, location, BadRowReason.BAD_NUMBER, "field " + mv.weights() + " item " + (i + 1)
                + " = '" + w[i] + "' is not a finite number", raw);
          }
          if (item != null) {
            keptW[n] = (float) d;
          }
        }
        if (item != null) {
          kept[n++] = item;
        }
      }
      int[] at = mv.keep(n);
      items[b] = new String[at.length];
      weights[b] = w == null ? null : new float[at.length];
      for (int i = 0; i < at.length; i++) {
        items[b][i] = kept[at[i]];
        if (w != null) {
          weights[b][i] = keptW[at[i]];
        }
      }
      dropped[b] = n - at.length;
    }
    return ParseOutcome.ok(new ParsedRecord(label, ts, idAt < 0 ? null : value(fields, idAt),
        groupAt < 0 ? null : value(fields, groupAt), cats, nums, baseName(file), position, items, weights, dropped));
  }

  /** Column {@code at} as a list: given, or its text split at {@code sep}; empty when missing. */
  private String[] list(String[] fields, String[][] lists, int at, char sep) {
    if (lists != null && lists[at] != null) {
      return lists[at];
    }
    String v = value(fields, at);
    if (v == null) {
      return new String[0];
    }
    return v.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
  }

  private String value(String[] fields, int at) {
    String v = fields[at];
    if (v == null || v.isEmpty() || missingTokens.contains(v)) {
      return null;
    }
    return v;
  }

  /** Splits on the separator; null when the field count differs from the column count. */
  String[] split(String line) {
    String[] out = new String[columns.size()];
    int n = 0;
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == separator) {
        if (n == out.length) {
          return null;
        }
        out[n++] = line.substring(start, i);
        start = i + 1;
      }
    }
    return n == out.length ? out : null;
  }

  private int countFields(String line) {
    int n = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == separator) {
        n++;
      }
    }
    return n;
  }

  /** The last path component of a file URI or path. */
  public static String baseName(String file) {
    int slash = file.lastIndexOf('/');
    return slash < 0 ? file : file.substring(slash + 1);
  }

  static ParseOutcome bad(String file, String location, BadRowReason reason, String detail, String raw) {
    return ParseOutcome.bad(new QuarantinedRow(file, location, reason, detail, raw));
  }
}
