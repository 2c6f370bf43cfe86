package io.sparkctr.features.spark;

import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.config.MultiValuedSpec;
import io.sparkctr.features.config.NumericKind;
import io.sparkctr.features.config.TableSpec;
import io.sparkctr.features.config.TimeFeature;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.DenseField;
import io.sparkctr.features.manifest.FeatureManifest.IndexTable;
import io.sparkctr.features.manifest.FeatureManifest.MultiSlot;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.transform.RecordTransformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Fits every data-dependent part of the transform on the training split only: quantile edges,
 * standardization mean/std, and frequency-threshold vocabularies (of slots, and of multi-valued
 * fields' items, counted once per row). Slot order: categorical, numeric (a slot per indexed
 * transform), crosses, time features; then the multi-valued fields, which {@code hashing.tables} may
 * place in index tables of their own (see {@link #hashing}). Validation and test rows never reach it,
 * so their statistics cannot leak into the features.
 */
final class FeatureFitter {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureFitter.class);

  private FeatureFitter() {}

  /** Returns {@code draft} with fitted slots and dense fields. */
  static FeatureManifest fit(SparkSession spark, JavaRDD<ParsedRecord> train, FeatureConfig cfg,
                             FeatureManifest draft) {
    List<String> numeric = cfg.schema().numeric();
    Map<String, List<Double>> edges = quantileEdges(spark, train, cfg);
    List<DenseField> dense = standardization(train, cfg);
    List<Slot> slots = new ArrayList<>();
    for (String f : cfg.schema().categorical()) {
      String hashName = cfg.hashing().hashName(f);
      slots.add(new Slot(f, Slot.CATEGORICAL, List.of(f), null, null, cfg.vocabulary().minCountOf(f), null, null,
          hashName.equals(f) ? null : hashName));
    }
    for (String f : numeric) {
      for (NumericKind kind : cfg.numericTransform().kindsOf(f)) {
        if (kind.isIndexed()) {
          String name = cfg.numericTransform().featureName(f, kind);
          slots.add(new Slot(name, Slot.NUMERIC, List.of(f), kind.configName(),
              kind == NumericKind.QUANTILE ? edges.get(f) : null, cfg.vocabulary().minCountOf(name), null));
        }
      }
    }
    for (List<String> cross : cfg.crosses()) {
      String name = FeatureConfig.crossName(cross);
      slots.add(new Slot(name, Slot.CROSS, cross, null, null, cfg.vocabulary().minCountOf(name), null));
    }
    String zone = cfg.timeFeatures().zoneOr(cfg.schema().timestamp().zone());
    for (TimeFeature t : cfg.timeFeatures().fields()) {
      String ts = cfg.schema().timestamp().field();
      slots.add(new Slot(t.configName(), Slot.TIME, List.of(ts), t.configName(), null,
          cfg.vocabulary().minCountOf(t.configName()), null, zone));
    }
    List<MultiSlot> multi = new ArrayList<>();
    for (MultiValuedSpec mv : cfg.schema().multiValued()) {
      String hashName = cfg.hashing().hashName(mv.field());
      multi.add(new MultiSlot(mv.field(), mv.separator(), mv.maxLength(), mv.pooling().configName(),
          mv.weights().isEmpty() ? null : mv.weights(), mv.sequence().configName(),
          cfg.vocabulary().minCountOf(mv.field()), null, hashName.equals(mv.field()) ? null : hashName));
    }
    FeatureManifest.Hashing hashing = hashing(cfg, draft.hashing(), slots, multi);
    FeatureManifest withStats = new FeatureManifest(draft.formatVersion(), draft.rawInput(), draft.fields(),
        hashing, slots, dense, draft.downsampling(), draft.split(), null, multi);
    return withVocabularies(train, withStats);
  }

  /**
   * The manifest's hashing: without {@code hashing.tables} one space for every field ({@code tables}
   * empty, as before them); with them the configured tables in config order, each listing its fields
   * in model order (slots, then multi-valued fields), then the {@link IndexTable#DEFAULT} space of
   * {@code hashing.bits} with every other field, when there are any. Reserved indices are those of
   * the default space.
   */
  static FeatureManifest.Hashing hashing(FeatureConfig cfg, FeatureManifest.Hashing draft, List<Slot> slots,
                                         List<MultiSlot> multi) {
    List<String> fields = new ArrayList<>(slots.stream().map(Slot::name).toList());
    multi.forEach(mv -> fields.add(mv.name()));
    List<TableSpec> configured = cfg.hashing().tables();
    if (configured.isEmpty()) {
      return new FeatureManifest.Hashing(draft.bits(), draft.seed(), 2 * fields.size());
    }
    List<IndexTable> tables = new ArrayList<>();
    for (TableSpec t : configured) {
      List<String> missing = t.fields().stream().filter(f -> !fields.contains(f)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("Cannot configure " + TableSpec.KEY + ": table '" + t.name() + "' names "
            + missing + ", not slots or multi-valued fields; fields: " + fields);
      }
      tables.add(new IndexTable(t.name(), t.bits(), fields.stream().filter(t.fields()::contains).toList()));
    }
    List<String> rest = fields.stream().filter(f -> cfg.hashing().tableOf(f) == null).toList();
    if (!rest.isEmpty()) {
      tables.add(new IndexTable(IndexTable.DEFAULT, draft.bits(), rest));
    }
    for (IndexTable t : tables) {
      LOG.info("Index table {}: 2^{} indices, {} reserved, fields {}", t.name(), t.bits(), t.reservedIndices(),
          t.fields());
    }
    return new FeatureManifest.Hashing(draft.bits(), draft.seed(), 2 * rest.size(), tables);
  }

  private static Map<String, List<Double>> quantileEdges(SparkSession spark, JavaRDD<ParsedRecord> train,
                                                         FeatureConfig cfg) {
    List<String> numeric = cfg.schema().numeric();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < numeric.size(); i++) {
      if (cfg.numericTransform().has(numeric.get(i), NumericKind.QUANTILE)) {
        at.add(i);
      }
    }
    Map<String, List<Double>> out = new HashMap<>();
    if (at.isEmpty()) {
      return out;
    }
    String[] cols = at.stream().map(numeric::get).toArray(String[]::new);
    StructField[] fields = new StructField[cols.length];
    for (int i = 0; i < cols.length; i++) {
      fields[i] = DataTypes.createStructField(cols[i], DataTypes.DoubleType, true);
    }
    int[] positions = at.stream().mapToInt(Integer::intValue).toArray();
    JavaRDD<Row> rows = train.map(r -> {
      Object[] v = new Object[positions.length];
      for (int i = 0; i < v.length; i++) {
        double d = r.numeric[positions[i]];
        v[i] = Double.isNaN(d) ? null : d;
      }
      return RowFactory.create(v);
    });
    Dataset<Row> df = spark.createDataFrame(rows, new StructType(fields));
    int buckets = cfg.numericTransform().quantileBuckets();
    double[] probs = new double[buckets - 1];
    for (int i = 1; i < buckets; i++) {
      probs[i - 1] = (double) i / buckets;
    }
    double[][] q = df.stat().approxQuantile(cols, probs, cfg.numericTransform().quantileRelativeError());
    for (int i = 0; i < cols.length; i++) {
      List<Double> e = new ArrayList<>();
      for (double d : q[i]) {
        e.add(d);
      }
      out.put(cols[i], List.copyOf(new TreeSet<>(e)));
      LOG.info("Fitted quantile edges of {} on the training split: {}", cols[i], out.get(cols[i]));
    }
    return out;
  }

  private static List<DenseField> standardization(JavaRDD<ParsedRecord> train, FeatureConfig cfg) {
    List<String> numeric = cfg.schema().numeric();
    int[] at = IntStream.range(0, numeric.size())
        .filter(i -> cfg.numericTransform().has(numeric.get(i), NumericKind.STANDARDIZE)).toArray();
    List<DenseField> out = new ArrayList<>();
    if (at.length == 0) {
      return out;
    }
    double[] zero = new double[3 * at.length];
    double[] sums = train.aggregate(zero, (acc, r) -> {
      for (int i = 0; i < at.length; i++) {
        double v = r.numeric[at[i]];
        if (!Double.isNaN(v)) {
          acc[3 * i] += 1;
          acc[3 * i + 1] += v;
          acc[3 * i + 2] += v * v;
        }
      }
      return acc;
    }, (a, b) -> {
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
      return a;
    });
    for (int i = 0; i < at.length; i++) {
      double n = sums[3 * i];
      double mean = n == 0 ? 0 : sums[3 * i + 1] / n;
      double var = n < 2 ? 0 : Math.max(0, (sums[3 * i + 2] - n * mean * mean) / (n - 1));
      out.add(new DenseField(numeric.get(at[i]), mean, Math.sqrt(var)));
    }
    return out;
  }

  private static FeatureManifest withVocabularies(JavaRDD<ParsedRecord> train, FeatureManifest m) {
    List<Slot> slots = m.slots();
    int nSlots = slots.size();
    // positions: the slots, then the multi-valued fields (each item counts once per row it appears in)
    int[] minCount = IntStream.concat(slots.stream().mapToInt(Slot::vocabularyMinCount),
        m.multiValued().stream().mapToInt(MultiSlot::vocabularyMinCount)).toArray();
    if (Arrays.stream(minCount).allMatch(c -> c == 0)) {
      return m;
    }
    RecordTransformer t = new RecordTransformer(m);
    List<Tuple2<Tuple2<Integer, String>, Long>> kept = train.flatMapToPair(r -> {
      List<Tuple2<Tuple2<Integer, String>, Long>> out = new ArrayList<>();
      for (int s = 0; s < minCount.length; s++) {
        if (minCount[s] > 0 && s < nSlots) {
          String v = t.slotValue(r, s);
          if (v != null) {
            out.add(new Tuple2<>(new Tuple2<>(s, v), 1L));
          }
        } else if (minCount[s] > 0) {
          for (String item : new java.util.LinkedHashSet<>(List.of(r.items[s - nSlots]))) {
            out.add(new Tuple2<>(new Tuple2<>(s, item), 1L));
          }
        }
      }
      return out.iterator();
    }).reduceByKey(Long::sum).filter(e -> e._2() >= minCount[e._1()._1()]).collect();
    Map<Integer, TreeSet<String>> vocab = new HashMap<>();
    for (Tuple2<Tuple2<Integer, String>, Long> e : kept) {
      vocab.computeIfAbsent(e._1()._1(), k -> new TreeSet<>()).add(e._1()._2());
    }
    List<Slot> out = new ArrayList<>();
    for (int s = 0; s < nSlots; s++) {
      Slot slot = slots.get(s);
      if (minCount[s] == 0) {
        out.add(slot);
      } else {
        List<String> values = List.copyOf(vocab.getOrDefault(s, new TreeSet<>()));
        LOG.info("Vocabulary of {}: {} values seen at least {} times in training", slot.name(), values.size(),
            minCount[s]);
        out.add(new Slot(slot.name(), slot.kind(), slot.fields(), slot.transform(), slot.edges(),
            slot.vocabularyMinCount(), values, slot.zone(), slot.hashName()));
      }
    }
    List<MultiSlot> multi = new ArrayList<>();
    for (int b = 0; b < m.multiValued().size(); b++) {
      MultiSlot mv = m.multiValued().get(b);
      if (mv.vocabularyMinCount() == 0) {
        multi.add(mv);
      } else {
        List<String> values = List.copyOf(vocab.getOrDefault(nSlots + b, new TreeSet<>()));
        LOG.info("Vocabulary of {}: {} items seen in at least {} training rows", mv.name(), values.size(),
            mv.vocabularyMinCount());
        multi.add(new MultiSlot(mv.name(), mv.separator(), mv.maxLength(), mv.pooling(), mv.weights(), mv.sequence(),
            mv.vocabularyMinCount(), values, mv.hashName()));
      }
    }
    return new FeatureManifest(m.formatVersion(), m.rawInput(), m.fields(), m.hashing(), out, m.dense(),
        m.downsampling(), m.split(), null, multi);
  }
}
