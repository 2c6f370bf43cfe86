package io.sparkctr.features.spark;

import io.sparkctr.features.parse.BadRowReason;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.QuarantinedRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mergeable first-pass tallies: rows, bad rows per reason with a few examples, event time range. */
final class InputTally implements Serializable {
  static final int EXAMPLES = 5;
  long rows;
  long good;
  final long[] bad = new long[BadRowReason.values().length];
  final List<QuarantinedRow> examples = new ArrayList<>();
  long minTimestamp = Long.MAX_VALUE;
  long maxTimestamp = Long.MIN_VALUE;
  /** Per multi-valued field: good rows truncated to max-length, and the items dropped. */
  long[] truncatedRows = new long[0];
  long[] truncatedItems = new long[0];

  InputTally add(ParseOutcome o) {
    rows++;
    if (o.isOk()) {
      good++;
      minTimestamp = Math.min(minTimestamp, o.record.timestamp);
      maxTimestamp = Math.max(maxTimestamp, o.record.timestamp);
      int[] dropped = o.record.dropped;
      if (truncatedRows.length < dropped.length) {
        grow(dropped.length);
      }
      for (int b = 0; b < dropped.length; b++) {
        if (dropped[b] > 0) {
          truncatedRows[b]++;
          truncatedItems[b] += dropped[b];
        }
      }
    } else {
      bad[o.bad.reason().ordinal()]++;
      if (examples.size() < EXAMPLES) {
        examples.add(o.bad);
      }
    }
    return this;
  }

  InputTally merge(InputTally o) {
    rows += o.rows;
    good += o.good;
    for (int i = 0; i < bad.length; i++) {
      bad[i] += o.bad[i];
    }
    for (QuarantinedRow q : o.examples) {
      if (examples.size() < EXAMPLES) {
        examples.add(q);
      }
    }
    minTimestamp = Math.min(minTimestamp, o.minTimestamp);
    maxTimestamp = Math.max(maxTimestamp, o.maxTimestamp);
    if (truncatedRows.length < o.truncatedRows.length) {
      grow(o.truncatedRows.length);
    }
    for (int b = 0; b < o.truncatedRows.length; b++) {
      truncatedRows[b] += o.truncatedRows[b];
      truncatedItems[b] += o.truncatedItems[b];
    }
    return this;
  }

  private void grow(int n) {
    truncatedRows = java.util.Arrays.copyOf(truncatedRows, n);
    truncatedItems = java.util.Arrays.copyOf(truncatedItems, n);
  }

  /** Per multi-valued field name: {@code items ? items dropped : rows truncated}. */
  Map<String, Long> truncation(List<String> fields, boolean items) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (int b = 0; b < fields.size(); b++) {
      out.put(fields.get(b), b < truncatedRows.length ? (items ? truncatedItems[b] : truncatedRows[b]) : 0L);
    }
    return out;
  }

  long totalBad() {
    return rows - good;
  }

  /** Bad-row counts by reason, worst first, reasons with no rows left out. */
  Map<String, Long> badByReason() {
    Map<String, Long> out = new LinkedHashMap<>();
    List<BadRowReason> reasons = new ArrayList<>(List.of(BadRowReason.values()));
    reasons.sort(Comparator.comparingLong((BadRowReason r) -> -bad[r.ordinal()]));
    for (BadRowReason r : reasons) {
      if (bad[r.ordinal()] > 0) {
        out.put(r.configName(), bad[r.ordinal()]);
      }
    }
    return out;
  }
}
