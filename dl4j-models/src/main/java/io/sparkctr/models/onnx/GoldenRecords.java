package io.sparkctr.models.onnx;

import io.sparkctr.features.config.TimestampSpec;
import io.sparkctr.features.manifest.FeatureManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw records for the golden vectors when none are given: values of every column a record needs, chosen to
 * cover the transform's cases: a missing value in each column once, vocabulary values and one out of the
 * vocabulary, numbers of both signs, time at several hours of the week, multi-valued fields of 1 to
 * max-length + 1 items (so one is truncated) with their weights.
 */
final class GoldenRecords {
  static final int COUNT = 8;
  private static final long START = 1_700_000_000L; // 2023-11-14T22:13:20Z

  private GoldenRecords() {}

  /** {@value #COUNT} records over {@code columns} (a record scorer's fields). */
  static List<Map<String, String>> of(FeatureManifest m, List<String> columns) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      Map<String, String> r = new LinkedHashMap<>();
      for (int c = 0; c < columns.size(); c++) {
        boolean missing = i == 1 + c % (COUNT - 1) && !columns.get(c).equals(m.fields().timestampField());
        r.put(columns.get(c), missing ? "" : value(m, columns.get(c), i));
      }
      out.add(r);
    }
    return out;
  }

  private static String value(FeatureManifest m, String column, int i) {
    if (column.equals(m.fields().timestampField())) {
      long t = START + i * 37_000L;
      return switch (m.fields().timestampFormat()) {
        case TimestampSpec.EPOCH_MILLIS -> Long.toString(t * 1000);
        case TimestampSpec.ISO -> Instant.ofEpochSecond(t).toString();
        default -> Long.toString(t);
      };
    }
    if (m.fields().numeric().contains(column)) {
      return Double.toString((i - 3) * 1.75);
    }
    for (FeatureManifest.MultiSlot s : m.multiValued()) {
      if (column.equals(s.name()) || column.equals(s.weights())) {
        List<String> items = new ArrayList<>();
        for (int j = 0; j <= i % (s.maxLength() + 1); j++) {
          items.add(column.equals(s.name()) ? vocabulary(s.vocabulary(), "item" + (i + j) % 5, j)
              : Double.toString(1 + j * 0.5));
        }
        return String.join(s.separator(), items);
      }
    }
    for (FeatureManifest.Slot s : m.slots()) {
      if (s.fields().equals(List.of(column)) && s.vocabulary() != null) {
        return vocabulary(s.vocabulary(), "out-of-vocabulary", i);
      }
    }
    return column + "-" + i % 4;
  }

  /** The {@code i}-th vocabulary value, or {@code other} for every third record and without a vocabulary. */
  private static String vocabulary(List<String> vocabulary, String other, int i) {
    return vocabulary == null || vocabulary.isEmpty() || i % 3 == 2 ? other : vocabulary.get(i % vocabulary.size());
  }
}
