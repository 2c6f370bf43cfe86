package io.sparkctr.jobs.bench;

import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.spark.FeaturePipeline;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.feature.FeatureHasher;
import org.apache.spark.ml.feature.Interaction;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code sparkctr bench-features --input CSV --conf FILE [--set K=V]... [--repeat N]}: rows/second of the feature
 * job next to equivalent Spark MLlib pipelines on the same CSV and fields, runs interleaved in one
 * Spark session.
 *
 * <ul>
 *   <li><b>sparkctr features</b>: all of its stages (parse with quarantine, split, leakage check,
 *       fit, transform, downsample, reconcile, atomic publish).</li>
 *   <li><b>MLlib FeatureHasher + Interaction</b>: read the CSV, FeatureHasher over every categorical
 *       and numeric field into 2^bits, each configured cross as the Interaction of per-field
 *       FeatureHasher vectors of 2^(bits/k) (so the product spans 2^bits), VectorAssembler, the
 *       same time split, Parquet partitioned by split. Interaction needs ML attributes on its
 *       inputs, which FeatureHasher does not set; they are added as numeric attributes.</li>
 *   <li><b>MLlib FeatureHasher, string crosses</b>: as above, but each cross is a concatenated
 *       string column hashed by the one FeatureHasher: the cheapest MLlib way to the same space.</li>
 * </ul>
 */
public final class FeatureBenchmark {
  static final String OURS = "sparkctr features";
  static final String INTERACTION = "MLlib FeatureHasher + Interaction";
  static final String CONCAT = "MLlib FeatureHasher, string crosses";

  /** @param config the feature config (file and {@code --set} over the defaults), read by the caller */
  public record Params(String input, FeatureConfig config, int repeat) {}

  /** Seconds per run of each pipeline, in run order. */
  public record Result(long rows, Map<String, List<Double>> seconds) {
    static double median(List<Double> s) {
      double[] a = s.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return a[a.length / 2];
    }

    public String toMarkdown() {
      StringBuilder sb = new StringBuilder("| pipeline | median s | rows/s | runs (s) |\n|---|---|---|---|\n");
      seconds.forEach((name, s) -> sb.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %s |%n", name,
          median(s), rows / median(s), s.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList())));
      double ours = median(seconds.get(OURS));
      sb.append(String.format(Locale.ROOT, "%nrows: %,d; sparkctr throughput / MLlib: %.2f× (Interaction), "
          + "%.2f× (string crosses)%n", rows, median(seconds.get(INTERACTION)) / ours, median(seconds.get(CONCAT)) / ours));
      return sb.toString();
    }
  }

  private FeatureBenchmark() {}


  public static Result run(SparkSession spark, Params p) {
    String scratch = "/tmp/sparkctr-bench-" + UUID.randomUUID();
    FeatureConfig base = p.config();
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    List.of(OURS, INTERACTION, CONCAT).forEach(n -> seconds.put(n, new ArrayList<>()));
    long rows = 0;
    try {
      for (int i = 0; i < p.repeat(); i++) {
        long t0 = System.nanoTime();
        FeatureManifest m = FeaturePipeline.run(spark, base.withPaths(p.input(), scratch + "/ours-" + i));
        seconds.get(OURS).add((System.nanoTime() - t0) / 1e9);
        rows = m.counts().rowsRead();
        for (String variant : List.of(INTERACTION, CONCAT)) {
          long t1 = System.nanoTime();
          mllib(spark, base, m, p.input(), scratch + "/mllib-" + variant.hashCode() + "-" + i, INTERACTION.equals(variant));
          seconds.get(variant).add((System.nanoTime() - t1) / 1e9);
        }
      }
      return new Result(rows, seconds);
    } finally {
      try {
        Path s = new Path(scratch);
        FileSystem.get(s.toUri(), spark.sparkContext().hadoopConfiguration()).delete(s, true);
      } catch (IOException e) {
        System.err.println("Could not remove " + scratch + ": " + e.getMessage());
      }
    }
  }

  static void mllib(SparkSession spark, FeatureConfig cfg, FeatureManifest m, String input, String out,
                    boolean interaction) {
    Dataset<Row> raw = spark.read().option("header", cfg.input().header())
        .option("sep", String.valueOf(cfg.input().separator())).csv(input);
    List<String> nums = cfg.schema().numeric();
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col(cfg.schema().label()).cast(DataTypes.IntegerType).as("label"));
    cols.add(functions.col(cfg.schema().timestamp().field()).cast(DataTypes.LongType).as("timestamp"));
    cfg.schema().categorical().forEach(c -> cols.add(functions.col(c)));
    nums.forEach(n -> cols.add(functions.col(n).cast(DataTypes.DoubleType).as(n)));
    Dataset<Row> features = raw.select(cols.toArray(new Column[0])).na().fill(0.0, nums.toArray(new String[0]));
    int bits = cfg.hashing().bits();
    List<String> hashed = new ArrayList<>(cfg.schema().categorical());
    hashed.addAll(nums);
    List<String> assembled = new ArrayList<>(List.of("hashed"));
    for (List<String> cross : cfg.crosses()) {
      String name = FeatureConfig.crossName(cross);
      if (interaction) {
        features = interact(features, name, cross, 1 << (bits / cross.size()));
        assembled.add(name);
      } else {
        features = features.withColumn(name, functions.concat_ws("\u0001",
            cross.stream().map(functions::col).toArray(Column[]::new)));
        hashed.add(name);
      }
    }
    features = new FeatureHasher().setInputCols(hashed.toArray(new String[0])).setOutputCol("hashed")
        .setNumFeatures(1 << bits).transform(features);
    features = new VectorAssembler().setInputCols(assembled.toArray(new String[0])).setOutputCol("features")
        .transform(features);
    long validation = Instant.parse(m.split().validationStart()).getEpochSecond();
    long test = Instant.parse(m.split().testStart()).getEpochSecond();
    Column split = functions.when(functions.col("timestamp").geq(test), "test")
        .when(functions.col("timestamp").geq(validation), "validation").otherwise("train");
    features.select(functions.col("label"), functions.col("timestamp"), functions.col("features"), split.as("split"))
        .write().mode(SaveMode.ErrorIfExists).partitionBy("split").parquet(out);
  }

  private static Dataset<Row> interact(Dataset<Row> df, String name, List<String> cross, int perField) {
    List<String> parts = new ArrayList<>();
    for (String f : cross) {
      String col = name + "_" + f;
      df = new FeatureHasher().setInputCols(new String[] {f}).setOutputCol(col).setNumFeatures(perField).transform(df);
      Attribute[] numeric = new Attribute[perField];
      Arrays.fill(numeric, NumericAttribute.defaultAttr());
      df = df.withColumn(col, functions.col(col).as(col, new AttributeGroup(col, numeric).toMetadata()));
      parts.add(col);
    }
    return new Interaction().setInputCols(parts.toArray(new String[0])).setOutputCol(name).transform(df);
  }
}
