package io.sparkctr.features.transform;

import io.sparkctr.features.hash.IndexSpace;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.DenseField;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import io.sparkctr.features.parse.ParsedRecord;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@link FeatureManifest} to one parsed record: the fixed-length index array (one
 * index per slot) and the dense array. Pure Java and row-local, so the Spark job, batch scoring
 * and the in-JVM scorer all run exactly this code.
 *
 * <p>Slot value → index: missing → the slot's missing index; otherwise the token
 * {@code slotName=value}, where a numeric value is first bucketized (see {@link NumericBuckets})
 * and a cross joins its members' values with U+0001 (any missing member makes the cross missing);
 * if the slot has a vocabulary and the value is not in it → the slot's out-of-vocabulary index;
 * else the token's hash (see {@link IndexSpace}).
 *
 * <p>Example: slots [c1, n1 (log-bucket), c1_x_c2]; record c1=abc, n1=10, c2 missing gives
 * [hash("c1=abc"), hash("n1=L5"), 4] (4 = missing index of slot 2).
 */
public final class RecordTransformer implements Serializable {
  private final IndexSpace space;
  private final String[] names;
  private final int[][] sources;   // per slot: member references, >= 0 categorical position, < 0 ~numeric position
  private final double[][] edges;  // per numeric source position: quantile edges or null (log-bucket)
  private final Set<String>[] vocabularies;
  private final int[] denseAt;
  private final double[] denseMean;
  private final double[] denseStd;

  @SuppressWarnings("unchecked")
  public RecordTransformer(FeatureManifest manifest) {
    List<String> categorical = manifest.fields().categorical();
    List<String> numeric = manifest.fields().numeric();
    List<Slot> slots = manifest.slots();
    this.space = new IndexSpace(manifest.hashing().bits(), manifest.hashing().seed(), slots.size());
    this.names = new String[slots.size()];
    this.sources = new int[slots.size()][];
    this.edges = new double[numeric.size()][];
    this.vocabularies = new Set[slots.size()];
    for (int s = 0; s < slots.size(); s++) {
      Slot slot = slots.get(s);
      names[s] = slot.name();
      sources[s] = slot.fields().stream().mapToInt(f -> {
        int c = categorical.indexOf(f);
        if (c >= 0) {
          return c;
        }
        int n = numeric.indexOf(f);
        if (n < 0) {
          throw new IllegalArgumentException("Cannot build transform: slot " + slot.name() + " names unknown field " + f);
        }
        return ~n;
      }).toArray();
      if (Slot.NUMERIC.equals(slot.kind()) && slot.edges() != null) {
        edges[numeric.indexOf(slot.name())] = NumericBuckets.distinctEdges(slot.edges());
      }
      vocabularies[s] = slot.vocabulary() == null ? null : new HashSet<>(slot.vocabulary());
    }
    List<DenseField> dense = manifest.dense();
    this.denseAt = dense.stream().mapToInt(d -> numeric.indexOf(d.field())).toArray();
    this.denseMean = dense.stream().mapToDouble(DenseField::mean).toArray();
    this.denseStd = dense.stream().mapToDouble(d -> d.std() > 0 ? d.std() : 1.0).toArray();
  }

  public int width() {
    return names.length;
  }

  public int denseWidth() {
    return denseAt.length;
  }

  /** The value of slot {@code s} before vocabulary and hashing; null when missing. */
  public String slotValue(ParsedRecord r, int s) {
    int[] src = sources[s];
    if (src.length == 1) {
      return memberValue(r, src[0]);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < src.length; i++) {
      String v = memberValue(r, src[i]);
      if (v == null) {
        return null;
      }
      if (i > 0) {
        sb.append('\u0001');
      }
      sb.append(v);
    }
    return sb.toString();
  }

  public String slotName(int s) {
    return names[s];
  }

  public int[] indices(ParsedRecord r) {
    int[] out = new int[names.length];
    for (int s = 0; s < out.length; s++) {
      String v = slotValue(r, s);
      if (v == null) {
        out[s] = space.missingIndex(s);
      } else if (vocabularies[s] != null && !vocabularies[s].contains(v)) {
        out[s] = space.outOfVocabularyIndex(s);
      } else {
        out[s] = space.index(names[s], v);
      }
    }
    return out;
  }

  public double[] dense(ParsedRecord r) {
    double[] out = new double[denseAt.length];
    for (int i = 0; i < out.length; i++) {
      double v = r.numeric[denseAt[i]];
      out[i] = Double.isNaN(v) ? 0.0 : (v - denseMean[i]) / denseStd[i];
    }
    return out;
  }

  private String memberValue(ParsedRecord r, int ref) {
    if (ref >= 0) {
      return r.categorical[ref];
    }
    int n = ~ref;
    double v = r.numeric[n];
    if (Double.isNaN(v)) {
      return null;
    }
    return edges[n] == null ? NumericBuckets.logBucket(v) : NumericBuckets.quantileBucket(v, edges[n]);
  }
}
