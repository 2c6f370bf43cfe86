package io.sparkctr.models.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link SliceMetrics} of each value of one field, holding at most {@code maxValues} distinct
 * values (rows of any later value count as {@value #OTHER}), so memory stays bounded.
 */
final class SliceValues implements Serializable {
  static final String OTHER = "(other)";
  static final String MISSING = "(missing)";
  private final int bins;
  private final int maxValues;
  private final Map<String, SliceMetrics> values = new HashMap<>();
  private final SliceMetrics other;

  SliceValues(int bins, int maxValues) {
    this.bins = bins;
    this.maxValues = maxValues;
    this.other = new SliceMetrics(bins);
  }

  void add(String value, int label, double p) {
    String v = value == null ? MISSING : value;
    SliceMetrics m = values.get(v);
    if (m == null) {
      if (values.size() >= maxValues) {
        other.add(label, p);
        return;
      }
      m = new SliceMetrics(bins);
      values.put(v, m);
    }
    m.add(label, p);
  }

  void merge(SliceValues o) {
    other.merge(o.other);
    o.values.forEach((k, v) -> {
      SliceMetrics m = values.get(k);
      if (m != null) {
        m.merge(v);
      } else if (values.size() < maxValues) {
        values.put(k, v);
      } else {
        other.merge(v);
      }
    });
  }

  /** The {@code top} values by count (ties by name), then "(other)" with every other row, if any. */
  List<SliceReport> report(int top, double level) {
    List<Map.Entry<String, SliceMetrics>> sorted = new ArrayList<>(values.entrySet());
    sorted.sort(Comparator.<Map.Entry<String, SliceMetrics>>comparingLong(e -> -e.getValue().count())
        .thenComparing(Map.Entry::getKey));
    List<SliceReport> out = new ArrayList<>();
    SliceMetrics rest = new SliceMetrics(bins).merge(other);
    for (int i = 0; i < sorted.size(); i++) {
      if (i < top) {
        out.add(sorted.get(i).getValue().report(sorted.get(i).getKey(), level));
      } else {
        rest.merge(sorted.get(i).getValue());
      }
    }
    if (rest.count() > 0) {
      out.add(rest.report(OTHER, level));
    }
    return out;
  }
}
