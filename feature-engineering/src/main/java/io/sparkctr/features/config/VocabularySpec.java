package io.sparkctr.features.config;

import java.io.Serializable;
import java.util.Map;

/** Frequency thresholds: values rarer than the threshold in training go to the out-of-vocabulary slot. */
public record VocabularySpec(int minCount, Map<String, Integer> fields) implements Serializable {
  public VocabularySpec {
    fields = Map.copyOf(fields);
    if (minCount < 0) {
      throw new IllegalArgumentException("Cannot configure vocabulary.min-count: " + minCount + " < 0");
    }
    fields.forEach((f, c) -> {
      if (c < 0) {
        throw new IllegalArgumentException("Cannot configure vocabulary.fields." + f + ": " + c + " < 0");
      }
    });
  }

  /** The threshold of a slot (field or cross name); 0 means no vocabulary. */
  public int minCountOf(String slot) {
    return fields.getOrDefault(slot, minCount);
  }
}
