package io.sparkctr.features.spark;

import io.sparkctr.features.manifest.FeatureOutputSchema;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.parse.QuarantinedRow;
import io.sparkctr.features.split.Split;
import io.sparkctr.features.split.TimeSplit;
import io.sparkctr.features.transform.NegativeDownsampler;
import io.sparkctr.features.transform.RecordTransformer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writes the transformed splits (training negatives downsampled) and the quarantine under staging. */
final class FeatureWriter {
  static final String QUARANTINE_DIR = "quarantine";

  private FeatureWriter() {}

  /** Transforms and writes one split to {@code dir}; returns the rows written (read back from the files). */
  static long writeSplit(SparkSession spark, JavaRDD<ParsedRecord> records, FeatureManifest m, TimeSplit split,
                         Split which, String dir) {
    RecordTransformer transformer = new RecordTransformer(m);
    NegativeDownsampler sampler = which == Split.TRAIN
        ? new NegativeDownsampler(m.downsampling().negativeRate(), m.downsampling().seed())
        : new NegativeDownsampler(1.0, 0);
    boolean dense = !m.dense().isEmpty();
    boolean bags = !m.multiValued().isEmpty();
    boolean group = m.fields().group() != null;
    boolean id = m.fields().id() != null;
    JavaRDD<Row> rows = records
        .filter(r -> split.assign(r.timestamp) == which && sampler.keep(r.label, r.file, r.position))
        .map(r -> {
          List<Object> v = new ArrayList<>(6);
          v.add(r.label);
          v.add(r.timestamp);
          v.add(transformer.indices(r));
          if (dense) {
            v.add(transformer.dense(r));
          }
          if (bags) {
            v.add(transformer.bags(r));
            v.add(transformer.bagWeights(r));
          }
          if (group) {
            v.add(r.group);
          }
          if (id) {
            v.add(r.id);
          }
          return RowFactory.create(v.toArray());
        });
    StructType schema = FeatureOutputSchema.of(m);
    spark.createDataFrame(rows, schema).write().mode(SaveMode.ErrorIfExists).parquet(dir);
    return spark.read().parquet(dir).count();
  }

  /** Writes quarantined rows as JSON lines; returns the rows written (read back). */
  static long writeQuarantine(SparkSession spark, JavaRDD<ParseOutcome> outcomes, String dir) {
    JavaRDD<Row> rows = outcomes.filter(o -> !o.isOk()).map(o -> {
      QuarantinedRow q = o.bad;
      return RowFactory.create(q.file(), q.location(), q.reason().configName(), q.detail(), q.raw());
    });
    spark.createDataFrame(rows, FeatureOutputSchema.QUARANTINE).write().mode(SaveMode.ErrorIfExists).json(dir);
    return spark.read().schema(FeatureOutputSchema.QUARANTINE).json(dir).count();
  }
}
