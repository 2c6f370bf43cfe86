package io.sparkctr.models.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where DCN-v2's cross network sits relative to its MLP ({@link CrossNetwork}). */
public enum CrossStructure {
  /** cross network, then the MLP on its output (the paper's "stacked" DCN-v2) */
  STACKED,
  /** cross network and MLP side by side on the same input, each projected to a logit, logits added */
  PARALLEL;

  /** {@code stacked} or {@code parallel}, any case; an error naming the choices otherwise. */
  public static CrossStructure parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read cross structure '" + s + "': not one of " + configNames(), e);
    }
  }

  /** Every structure as configs spell it: {@code [stacked, parallel]}. */
  public static List<String> configNames() {
    return Arrays.stream(values()).map(CrossStructure::configName).toList();
  }

  /** This structure as configs spell it, e.g. {@code stacked}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
