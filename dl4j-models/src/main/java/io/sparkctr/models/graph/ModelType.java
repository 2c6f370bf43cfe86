package io.sparkctr.models.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The model families, all built from the same blocks so comparisons are like for like. */
public enum ModelType {
  /** bias + Σ w[x_f] (+ dense weights) */
  LR,
  /** LR + FM pairwise term over k-dim embeddings */
  FM,
  /** wide (LR over hashed features and crosses) + deep (embeddings → MLP), outputs added */
  WIDE_DEEP,
  /** FM (first and second order) + MLP over the same shared embeddings, outputs added */
  DEEPFM,
  /**
   * DCN-v2 (Wang et al. 2021): a cross network over the concatenated field vectors and dense values,
   * stacked before the MLP or beside it ({@link CrossNetwork}), plus the first-order term
   */
  DCN_V2;

  public static ModelType parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace("&", "_"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read model type '" + s + "': not one of " + names());
    }
  }

  /** The types as configs spell them, comma-separated: {@code lr, fm, wide-deep, deepfm, dcn-v2}. */
  public static String names() {
    return String.join(", ", configNames());
  }

  /** Every type as configs spell it, in declaration order: {@code [lr, fm, wide-deep, deepfm, dcn-v2]}. */
  public static List<String> configNames() {
    return Arrays.stream(values()).map(ModelType::configName).toList();
  }

  /** This type as configs spell it, e.g. {@code wide-deep}; {@link #parse} reads it back. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public boolean hasEmbeddings() {
    return this != LR;
  }

  public boolean hasFmTerm() {
    return this == FM || this == DEEPFM;
  }

  public boolean hasMlp() {
    return this == WIDE_DEEP || this == DEEPFM || this == DCN_V2;
  }

  /** Whether the model has a cross network ({@link CrossNetwork}): only these read {@code ModelSpec#cross()}. */
  public boolean hasCross() {
    return this == DCN_V2;
  }
}
