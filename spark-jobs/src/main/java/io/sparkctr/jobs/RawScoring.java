package io.sparkctr.jobs;

import io.sparkctr.common.progress.Progress;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.ManifestInput;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.parse.RecordParser;
import io.sparkctr.features.spark.RawInput;
import io.sparkctr.features.spark.RawInputReader;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.NonFinitePrediction;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.PairedMetrics;
import io.sparkctr.training.executor.Chunked;
import io.sparkctr.training.executor.GpuAffinity;
import io.sparkctr.training.scoring.BroadcastModel;
import io.sparkctr.training.scoring.ExecutorEvaluation;
import io.sparkctr.training.scoring.GroupAuc;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw log rows scored on the executors with a bundle: parsed and transformed by the bundle's own
 * manifest (the training transform), predicted by a broadcast copy of the model, recalibrated.
 * Used by {@code score} and by the nightly gate, which must judge two models trained on different
 * feature fits on the same raw rows.
 */
public final class RawScoring {
  /** key (id field, or file:position), recalibrated probability, label (null when the logs have none). */
  public static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("key", DataTypes.StringType, false),
      DataTypes.createStructField("probability", DataTypes.DoubleType, false),
      DataTypes.createStructField("label", DataTypes.IntegerType, true)));
  /** {@link #SCHEMA} and the arm that scored the row ({@code score --arm}). */
  public static final StructType ARM_SCHEMA = SCHEMA.add(DataTypes.createStructField("arm", DataTypes.StringType,
      false));
  private static final int CHUNK = 4096;

  private RawScoring() {}

  /** Reads raw logs at {@code path} as the bundle's manifest says (the label column may be absent). */
  public static RawInput read(SparkSession spark, ModelBundle bundle, String path) {
    FeatureManifest m = bundle.manifest();
    return RawInputReader.read(spark, ManifestInput.input(m, path), ManifestInput.schema(m), true);
  }

  /**
   * As {@link #read}, for metrics: the input's columns must hold the model's label field, checked
   * on the driver before any task runs.
   *
   * @throws IllegalArgumentException "Cannot evaluate on PATH: its columns have no label field 'label'"
   */
  static RawInput readLabelled(SparkSession spark, ModelBundle bundle, String path) {
    RawInput raw = read(spark, bundle, path);
    if (!raw.parser().hasLabel()) {
      throw new IllegalArgumentException("Cannot evaluate on " + path + ": its columns have no label field '"
          + bundle.manifest().fields().label() + "' (evaluate needs labelled logs; score scores unlabelled ones)");
    }
    return raw;
  }

  /**
   * Scores the parsed rows of {@code outcomes} (bad rows are skipped; count them separately), a
   * chunk of {@value #CHUNK} rows at a time as the partition is consumed ({@link Chunked}, as the
   * Spark ML model scores a DataFrame).
   */
  public static JavaRDD<Row> score(BroadcastModel model, ModelBundle bundle, JavaRDD<ParseOutcome> outcomes) {
    return scored(model, bundle, outcomes, List.of()).map(r -> RowFactory.create(r.key, r.probability,
        r.label == RecordParser.NO_LABEL ? null : r.label));
  }

  /**
   * The rows of {@code outcomes} (parsed with arm {@code arm}'s manifest) whose unit falls into that arm, scored by
   * its model, as {@link #ARM_SCHEMA} rows.
   */
  public static JavaRDD<Row> scoreArm(BroadcastModel model, ModelBundle bundle, JavaRDD<ParseOutcome> outcomes,
                                      ScoreArms arms, int arm) {
    UnitLookup unit = UnitLookup.of(bundle.manifest(), arms.unitField(), arms.models().get(arm));
    var split = arms.split();
    String name = split.names().get(arm);
    JavaRDD<ParseOutcome> mine = outcomes.filter(o -> o.isOk() && split.index(unit.unit(o.record)) == arm);
    return scored(model, bundle, mine, List.of()).map(r -> RowFactory.create(r.key, r.probability,
        r.label == RecordParser.NO_LABEL ? null : r.label, name));
  }

  /** One scored raw row: its key, recalibrated probability, label, group, time and slice values. */
  public static final class Scored implements java.io.Serializable {
    public final String key;
    public final double probability;
    public final int label;
    public final String group;
    public final long timestamp;
    public final String[] slices;

    Scored(String key, double probability, int label, String group, long timestamp, String[] slices) {
      this.key = key;
      this.probability = probability;
      this.label = label;
      this.group = group;
      this.timestamp = timestamp;
      this.slices = slices;
    }
  }

  /** The positions of {@code sliceFields} among the manifest's categorical fields; an unknown name is an error. */
  static int[] slicePositions(FeatureManifest m, List<String> sliceFields) {
    int[] pos = new int[sliceFields.size()];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = m.fields().categorical().indexOf(sliceFields.get(i));
      if (pos[i] < 0) {
        throw new IllegalArgumentException("Cannot slice by '" + sliceFields.get(i) + "' (sparkctr.evaluation.slices): "
            + "not a categorical field of the model's manifest (has " + m.fields().categorical() + ")");
      }
    }
    return pos;
  }

  /** As {@link #score}, keeping each row's group, time and the values of {@code sliceFields}. */
  public static JavaRDD<Scored> scored(BroadcastModel model, ModelBundle bundle, JavaRDD<ParseOutcome> outcomes,
                                       List<String> sliceFields) {
    FeatureManifest m = bundle.manifest();
    ModelSpec spec = bundle.spec();
    boolean byId = m.fields().id() != null;
    int[] slicePos = slicePositions(m, sliceFields);
    return outcomes.filter(ParseOutcome::isOk).mapPartitions(it -> {
      if (!it.hasNext()) {
        return java.util.Collections.emptyIterator();
      }
      GpuAffinity.bindCurrentTask();
      BundleScorer scorer = new BundleScorer(model.restore(), m, spec);
      return Chunked.map(it, CHUNK, chunk -> {
        List<ParsedRecord> records = new ArrayList<>(chunk.size());
        chunk.forEach(o -> records.add(o.record));
        double[] p = scorer.scoreRecords(records);
        List<Scored> rows = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
          ParsedRecord r = records.get(i);
          String key = byId && r.id != null ? r.id : r.file + ":" + r.position;
          NonFinitePrediction.require(p[i], "score", () -> key);
          String[] sl = new String[slicePos.length];
          for (int k = 0; k < sl.length; k++) {
            sl[k] = r.categorical[slicePos[k]];
          }
          rows.add(new Scored(key, p[i], r.label, r.group, r.timestamp, sl));
        }
        return rows;
      });
    });
  }

  /** Metrics of the bundle on labelled raw logs at {@code path} (bad rows are not scored), by day and slice. */
  public static CtrMetrics metrics(SparkSession spark, ModelBundle bundle, String path, MetricsOptions options) {
    RawInput raw = readLabelled(spark, bundle, path);
    try (BroadcastModel model = BroadcastModel.of(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        bundle.model()); Progress progress = Progress.open(spark.sparkContext(), "score")) {
      progress.phase("metrics of " + path);
      if (raw.outcomes().getNumPartitions() == 0) {
        throw new IllegalArgumentException("Cannot evaluate on " + path + ": it holds no rows");
      }
      JavaRDD<Scored> scored = scored(model, bundle, raw.outcomes(), options.sliceFields())
          .persist(StorageLevel.MEMORY_AND_DISK_SER());
      try {
        CtrMetrics m = scored.mapPartitions(it -> {
          CtrMetrics c = new CtrMetrics(1.0, options);
          while (it.hasNext()) {
            Scored r = labelled(it.next(), path);
            c.add(r.label, r.probability, null, r.timestamp, r.slices);
          }
          return List.of(c).iterator();
        }).treeReduce(CtrMetrics::merge, 2);
        return m.withGauc(GroupAuc.of(scored.filter(r -> r.group != null).mapToPair(r -> new Tuple2<>(r.group,
            new double[] {r.probability, r.label}))));
      } finally {
        scored.unpersist(true); // blocking: see FeaturePipeline
      }
    }
  }

  /**
   * Model A ({@code a}) and model B on the same labelled raw rows, each through its own manifest,
   * paired by row key: both metrics (by day and by the slices, read through A's manifest) and the
   * paired bootstrap of A − B. Keys found once on each side are paired; any other row is counted in
   * {@link Paired#unpaired}.
   */
  public static Paired compare(SparkSession spark, ModelBundle a, ModelBundle b, String path, MetricsOptions options) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RawInput rawA = readLabelled(spark, a, path);
    RawInput rawB = readLabelled(spark, b, path);
    if (rawA.outcomes().getNumPartitions() == 0) {
      throw new IllegalArgumentException("Cannot evaluate on " + path + ": it holds no rows");
    }
    try (BroadcastModel ma = BroadcastModel.of(sc, a.model()); BroadcastModel mb = BroadcastModel.of(sc, b.model())) {
      var left = scored(ma, a, rawA.outcomes(), options.sliceFields()).mapToPair(r -> new Tuple2<>(r.key, r));
      var right = scored(mb, b, rawB.outcomes(), List.of()).mapToPair(r -> new Tuple2<>(r.key, r.probability));
      JavaRDD<Pair> pairs = left.cogroup(right).map(g -> {
        List<Scored> l = new ArrayList<>();
        g._2()._1().forEach(l::add);
        List<Double> r = new ArrayList<>();
        g._2()._2().forEach(r::add);
        return l.size() == 1 && r.size() == 1 ? new Pair(labelled(l.get(0), path), r.get(0), 0)
            : new Pair(null, Double.NaN, l.size() + r.size());
      }).persist(StorageLevel.MEMORY_AND_DISK_SER());
      try {
        PairedMetrics m = pairs.mapPartitions(it -> {
          PairedMetrics pm = new PairedMetrics(1.0, 1.0, options, ExecutorEvaluation.stream(options.seed()));
          while (it.hasNext()) {
            Pair p = it.next();
            if (p.a != null) {
              pm.add(p.a.label, p.a.probability, p.b, null, p.a.timestamp, p.a.slices);
            }
          }
          return List.of(pm).iterator();
        }).treeReduce(PairedMetrics::merge, 2);
        long unpaired = pairs.map(p -> p.unpaired).fold(0L, Long::sum);
        JavaRDD<Pair> grouped = pairs.filter(p -> p.a != null && p.a.group != null);
        m.a().withGauc(GroupAuc.of(grouped.mapToPair(p -> new Tuple2<>(p.a.group,
            new double[] {p.a.probability, p.a.label}))));
        m.b().withGauc(GroupAuc.of(grouped.mapToPair(p -> new Tuple2<>(p.a.group, new double[] {p.b, p.a.label}))));
        return new Paired(m, unpaired);
      } finally {
        pairs.unpersist(true);
      }
    }
  }

  /** Model A's scored row and model B's prediction of the same key, or the count of rows left unpaired. */
  static final class Pair implements java.io.Serializable {
    final Scored a;
    final double b;
    final long unpaired;

    Pair(Scored a, double b, long unpaired) {
      this.a = a;
      this.b = b;
      this.unpaired = unpaired;
    }
  }

  /** Two models' metrics on the rows both scored, and how many rows could not be paired. */
  public record Paired(PairedMetrics metrics, long unpaired) {}

  private static Scored labelled(Scored r, String path) {
    if (r.label == RecordParser.NO_LABEL) {
      throw new IllegalArgumentException("Cannot evaluate on " + path + ": its rows have no label");
    }
    return r;
  }
}
