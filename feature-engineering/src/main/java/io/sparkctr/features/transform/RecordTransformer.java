package io.sparkctr.features.transform;

import io.sparkctr.features.config.Pooling;
import io.sparkctr.features.config.TimeFeature;
import io.sparkctr.features.hash.IndexSpace;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.DenseField;
import io.sparkctr.features.manifest.FeatureManifest.IndexTable;
import io.sparkctr.features.manifest.FeatureManifest.MultiSlot;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import io.sparkctr.features.parse.ParsedRecord;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link FeatureManifest} to one parsed record: the fixed-length index array (one
 * index per slot) and the dense array. Pure Java and row-local, so the Spark job, batch scoring
 * and the in-JVM scorer all run exactly this code.
 *
 * <p>Index tables ({@link FeatureManifest#indexTables()}): every slot and multi-valued field belongs
 * to one table, an {@link IndexSpace} of 2^bits of its own; a field at position p of its table's
 * field list has the missing index 2p and the out-of-vocabulary index 2p + 1 of that table, and its
 * tokens hash into the rest of that table. A manifest without {@code hashing.tables} has one table
 * of 2^{@code hashing.bits} holding every slot then every multi-valued field, so slot s owns 2s and
 * 2s + 1 and multi-valued field b owns 2(S + b) and 2(S + b) + 1 (S = number of slots). An index is
 * only meaningful with its table: the model looks it up in that table's embedding.
 *
 * <p>Slot value → index: missing → the slot's missing index; otherwise the token
 * {@code slotName=value}, where a numeric value is first bucketized (see {@link NumericBuckets})
 * and a cross joins its members' values with U+0001 (any missing member makes the cross missing);
 * if the slot has a vocabulary and the value is not in it → the slot's out-of-vocabulary index;
 * else the token's hash (see {@link IndexSpace}).
 *
 * <p>Example: slots [c1, n1 (log-bucket), c1_x_c2]; record c1=abc, n1=10, c2 missing gives
 * [hash("c1=abc"), hash("n1=L5"), 4] (4 = missing index of slot 2).
 *
 * <p>A numeric slot bucketizes its field with its own transform (a field used twice has a slot per
 * transform, e.g. {@code n1_log-bucket}); a time slot's value is the hour of day (0..23) or ISO day
 * of week (1..7) of the event time in its zone. A multi-valued field b (after the S slots) gives a
 * list of indices ({@link #bags}): each item as {@code name=item} (vocabulary, then hash), an empty
 * list the single missing index of the field (without tables {@code 2(S + b)}); its pooling weights
 * ({@link #bagWeights}) are 1 (sum), 1/n (mean) or the given weights (weighted). Fields of a
 * {@code hashing.shared} group hash under the group's first name (and are in one table), so equal
 * values share an index (and an embedding row).
 */
public final class RecordTransformer implements Serializable {
  private final IndexSpace[] slotSpaces; // per slot: the space of its index table
  private final int[] slotAt;             // per slot: its position in that table (missing 2p, OOV 2p + 1)
  private final IndexSpace[] bagSpaces;   // per multi-valued field: likewise
  private final int[] bagAt;
  private final String[] names;
  private final String[] tokenNames;
  private final int[][] sources;   // per slot: member references, >= 0 categorical position, < 0 ~numeric position
  private final double[][] edges;  // per numeric source position: quantile edges or null (log-bucket), for crosses
  private final double[][] slotEdges; // per numeric slot: its own quantile edges or null (log-bucket)
  private final TimeFeature[] time;   // per slot: the time feature, or null
  private final ZoneId[] zones;
  private final String[] bagNames;
  private final Set<String>[] bagVocabularies;
  private final Pooling[] pooling;
  private final Set<String>[] vocabularies;
  private final int[] denseAt;
  private final double[] denseMean;
  private final double[] denseStd;

  @SuppressWarnings("unchecked")
  public RecordTransformer(FeatureManifest manifest) {
    List<String> categorical = manifest.fields().categorical();
    List<String> numeric = manifest.fields().numeric();
    List<Slot> slots = manifest.slots();
    List<MultiSlot> multi = manifest.multiValued();
    Map<String, IndexSpace> spaceOf = new HashMap<>();
    Map<String, Integer> positionOf = new HashMap<>();
    for (IndexTable table : manifest.indexTables()) {
      IndexSpace space = new IndexSpace(table.bits(), manifest.hashing().seed(), table.fields().size());
      for (int p = 0; p < table.fields().size(); p++) {
        String f = table.fields().get(p);
        if (spaceOf.put(f, space) != null) {
          throw new IllegalArgumentException("Cannot build transform: field " + f + " is in two index tables");
        }
        positionOf.put(f, p);
      }
    }
    this.slotSpaces = new IndexSpace[slots.size()];
    this.slotAt = new int[slots.size()];
    for (int s = 0; s < slots.size(); s++) {
      slotSpaces[s] = tableSpace(spaceOf, slots.get(s).name());
      slotAt[s] = positionOf.get(slots.get(s).name());
    }
    this.bagSpaces = new IndexSpace[multi.size()];
    this.bagAt = new int[multi.size()];
    for (int b = 0; b < multi.size(); b++) {
      bagSpaces[b] = tableSpace(spaceOf, multi.get(b).name());
      bagAt[b] = positionOf.get(multi.get(b).name());
    }
    this.names = new String[slots.size()];
    this.tokenNames = new String[slots.size()];
    this.sources = new int[slots.size()][];
    this.edges = new double[numeric.size()][];
    this.slotEdges = new double[slots.size()][];
    this.time = new TimeFeature[slots.size()];
    this.zones = new ZoneId[slots.size()];
    this.vocabularies = new Set[slots.size()];
    for (int s = 0; s < slots.size(); s++) {
      Slot slot = slots.get(s);
      names[s] = slot.name();
      tokenNames[s] = slot.tokenName();
      vocabularies[s] = slot.vocabulary() == null ? null : new HashSet<>(slot.vocabulary());
      if (Slot.TIME.equals(slot.kind())) {
        time[s] = TimeFeature.parse(slot.transform(), "slot " + slot.name());
        zones[s] = ZoneId.of(slot.zone());
        sources[s] = new int[0];
        continue;
      }
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
        slotEdges[s] = NumericBuckets.distinctEdges(slot.edges());
        if (slot.name().equals(slot.fields().get(0))) {
          edges[numeric.indexOf(slot.name())] = slotEdges[s];
        }
      }
    }
    this.bagNames = multi.stream().map(MultiSlot::tokenName).toArray(String[]::new);
    this.bagVocabularies = new Set[multi.size()];
    this.pooling = new Pooling[multi.size()];
    for (int b = 0; b < bagNames.length; b++) {
      MultiSlot mv = multi.get(b);
      bagVocabularies[b] = mv.vocabulary() == null ? null : new HashSet<>(mv.vocabulary());
      pooling[b] = Pooling.parse(mv.pooling(), "multi-valued field " + mv.name());
    }
    List<DenseField> dense = manifest.dense();
    this.denseAt = dense.stream().mapToInt(d -> numeric.indexOf(d.field())).toArray();
    this.denseMean = dense.stream().mapToDouble(DenseField::mean).toArray();
    this.denseStd = dense.stream().mapToDouble(d -> d.std() > 0 ? d.std() : 1.0).toArray();
  }

  private static IndexSpace tableSpace(Map<String, IndexSpace> spaceOf, String field) {
    IndexSpace space = spaceOf.get(field);
    if (space == null) {
      throw new IllegalArgumentException("Cannot build transform: field " + field + " is in no index table "
          + "(hashing.tables)");
    }
    return space;
  }

  public int width() {
    return names.length;
  }

  /** The value of slot {@code s} before vocabulary and hashing; null when missing. */
  public String slotValue(ParsedRecord r, int s) {
    if (time[s] != null) {
      return time[s].value(r.timestamp, zones[s]);
    }
    int[] src = sources[s];
    if (src.length == 1) {
      if (src[0] < 0 && slotEdges[s] != null) {
        double v = r.numeric[~src[0]];
        return Double.isNaN(v) ? null : NumericBuckets.quantileBucket(v, slotEdges[s]);
      }
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

  public int[] indices(ParsedRecord r) {
    int[] out = new int[names.length];
    for (int s = 0; s < out.length; s++) {
      String v = slotValue(r, s);
      IndexSpace space = slotSpaces[s];
      if (v == null) {
        out[s] = space.missingIndex(slotAt[s]);
      } else if (vocabularies[s] != null && !vocabularies[s].contains(v)) {
        out[s] = space.outOfVocabularyIndex(slotAt[s]);
      } else {
        out[s] = space.index(tokenNames[s], v);
      }
    }
    return out;
  }

  /**
   * The item indices of each multi-valued field (kept items, in stored order); an empty list gives
   * the field's missing index alone.
   */
  public int[][] bags(ParsedRecord r) {
    int[][] out = new int[bagNames.length][];
    for (int b = 0; b < out.length; b++) {
      String[] items = r.items[b];
      IndexSpace space = bagSpaces[b];
      if (items.length == 0) {
        out[b] = new int[] {space.missingIndex(bagAt[b])};
        continue;
      }
      out[b] = new int[items.length];
      for (int i = 0; i < items.length; i++) {
        out[b][i] = bagVocabularies[b] != null && !bagVocabularies[b].contains(items[i])
            ? space.outOfVocabularyIndex(bagAt[b]) : space.index(bagNames[b], items[i]);
      }
    }
    return out;
  }

  /** The pooling weight of each index of {@link #bags} (1 for a missing field's one index). */
  public float[][] bagWeights(ParsedRecord r) {
    float[][] out = new float[bagNames.length][];
    for (int b = 0; b < out.length; b++) {
      String[] items = r.items[b];
      out[b] = items.length == 0 ? new float[] {1f} : pooling[b].itemWeights(items.length, r.itemWeights[b]);
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
