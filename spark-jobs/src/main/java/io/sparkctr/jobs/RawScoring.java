package io.sparkctr.jobs;

import io.sparkctr.training.executor.BroadcastModel;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.ManifestInput;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.parse.RecordParser;
import io.sparkctr.features.spark.RawInput;
import io.sparkctr.features.spark.RawInputReader;
import io.sparkctr.training.executor.GpuAffinity;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.ml.Chunked;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.metrics.CtrMetrics;
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
  private static final int CHUNK = 4096;

  private RawScoring() {}

  /** Reads raw logs at {@code path} as the bundle's manifest says (the label column may be absent). */
  public static RawInput read(SparkSession spark, ModelBundle bundle, String path) {
    FeatureManifest m = bundle.manifest();
    return RawInputReader.read(spark, ManifestInput.input(m, path), ManifestInput.schema(m), true);
  }

  /**
   * Scores the parsed rows of {@code outcomes} (bad rows are skipped; count them separately), a
   * chunk of {@value #CHUNK} rows at a time as the partition is consumed ({@link Chunked}, as the
   * Spark ML model scores a DataFrame).
   */
  public static JavaRDD<Row> score(BroadcastModel model, ModelBundle bundle, JavaRDD<ParseOutcome> outcomes) {
    FeatureManifest m = bundle.manifest();
    ModelSpec spec = bundle.spec();
    boolean byId = m.fields().id() != null;
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
        List<Row> rows = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
          ParsedRecord r = records.get(i);
          String key = byId && r.id != null ? r.id : r.file + ":" + r.position;
          rows.add(RowFactory.create(key, p[i], r.label == RecordParser.NO_LABEL ? null : r.label));
        }
        return rows;
      });
    });
  }

  /** Metrics of the bundle on labelled raw logs at {@code path} (bad rows are not scored). */
  public static CtrMetrics metrics(SparkSession spark, ModelBundle bundle, String path) {
    RawInput raw = read(spark, bundle, path);
    try (BroadcastModel model = BroadcastModel.of(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        bundle.model()); Progress progress = Progress.open(spark.sparkContext(), "score")) {
      progress.phase("metrics of " + path);
      if (raw.outcomes().getNumPartitions() == 0) {
        throw new IllegalArgumentException("Cannot evaluate on " + path + ": it holds no rows");
      }
      return score(model, bundle, raw.outcomes()).mapPartitions(it -> {
        CtrMetrics c = new CtrMetrics(1.0, 10);
        while (it.hasNext()) {
          Row r = it.next();
          if (r.isNullAt(2)) {
            throw new IllegalArgumentException("Cannot evaluate on " + path + ": its rows have no label");
          }
          c.add(r.getInt(2), r.getDouble(1), null, 0);
        }
        return List.of(c).iterator();
      }).reduce(CtrMetrics::merge);
    }
  }
}
