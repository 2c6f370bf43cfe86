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

  InputTally add(ParseOutcome o) {
    rows++;
    if (o.isOk()) {
      good++;
      minTimestamp = Math.min(minTimestamp, o.record.timestamp);
      maxTimestamp = Math.max(maxTimestamp, o.record.timestamp);
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
    return this;
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
