package io.sparkctr.jobs;

import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.spark.FeaturePipeline;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
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
 * {@code sparkctr bench-features --input CSV --conf FILE [--repeat N]}: rows/second of the feature
 * job next to the equivalent Spark MLlib pipeline on the same CSV and fields, alternating runs in
 * one Spark session. The MLlib side reads the CSV, hashes every categorical and numeric field with
 * FeatureHasher into the same 2^bits space, builds each configured cross with Interaction of
 * per-field hashed vectors (2^(bits/k) each, so the product fits the space), assembles, assigns
 * the same time split and writes Parquet partitioned by split. Ours does all of its stages
 * (parse with quarantine, split, leakage check, fit, transform, downsample, reconcile, publish).
 */
public final class FeatureBenchmark {
  public record Params(String input, String conf, int repeat) {}

  /** Seconds per run of each side. */
  public record Result(long rows, List<Double> oursSeconds, List<Double> mllibSeconds) {
    double median(List<Double> s) {
      double[] a = s.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return a[a.length / 2];
    }

    public String toMarkdown() {
      double ours = rows / median(oursSeconds);
      double mllib = rows / median(mllibSeconds);
      return String.format(Locale.ROOT, "| pipeline | median s | rows/s | runs (s) |%n|---|---|---|---|%n"
              + "| sparkctr features | %.1f | %,.0f | %s |%n| MLlib FeatureHasher + Interaction | %.1f | %,.0f | %s |%n"
              + "%nrows: %,d; sparkctr / MLlib throughput: %.2f×%n", median(oursSeconds), ours, fmt(oursSeconds),
          median(mllibSeconds), mllib, fmt(mllibSeconds), rows, ours / mllib);
    }

    private static String fmt(List<Double> s) {
      return s.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList().toString();
    }
  }

  private FeatureBenchmark() {}

  public static Params parse(List<String> args) {
    CommandLine cl = CommandLine.parse("bench-features", args, Set.of("input", "conf", "repeat"), Set.of());
    return new Params(cl.required("input"), cl.required("conf"), (int) cl.longValue("repeat", 3));
  }

  public static Result run(SparkSession spark, Params p) {
    String scratch = "/tmp/sparkctr-bench-" + UUID.randomUUID();
    FeatureConfig base = FeatureConfig.load(new File(p.conf()));
    List<Double> ours = new ArrayList<>();
    List<Double> mllib = new ArrayList<>();
    long rows = 0;
    try {
      for (int i = 0; i < p.repeat(); i++) {
        long t0 = System.nanoTime();
        FeatureManifest m = FeaturePipeline.run(spark, base.withPaths(p.input(), scratch + "/ours-" + i));
        ours.add((System.nanoTime() - t0) / 1e9);
        rows = m.counts().rowsRead();
        long t1 = System.nanoTime();
        mllib(spark, base, m, p.input(), scratch + "/mllib-" + i);
        mllib.add((System.nanoTime() - t1) / 1e9);
      }
      return new Result(rows, ours, mllib);
    } finally {
      try {
        Path s = new Path(scratch);
        FileSystem.get(s.toUri(), spark.sparkContext().hadoopConfiguration()).delete(s, true);
      } catch (IOException e) {
        System.err.println("Could not remove " + scratch + ": " + e.getMessage());
      }
    }
  }

  static void mllib(SparkSession spark, FeatureConfig cfg, FeatureManifest m, String input, String out) {
    Dataset<Row> raw = spark.read().option("header", cfg.input().header())
        .option("sep", String.valueOf(cfg.input().separator())).csv(input);
    List<String> cats = cfg.schema().categorical();
    List<String> nums = cfg.schema().numeric();
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col(cfg.schema().label()).cast(DataTypes.IntegerType).as("label"));
    cols.add(functions.col(cfg.schema().timestamp().field()).cast(DataTypes.LongType).as("timestamp"));
    cats.forEach(c -> cols.add(functions.col(c)));
    nums.forEach(n -> cols.add(functions.col(n).cast(DataTypes.DoubleType).as(n)));
    Dataset<Row> df = raw.select(cols.toArray(new Column[0])).na().fill(0.0, nums.toArray(new String[0]));
    int bits = cfg.hashing().bits();
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>();
    List<String> hashedInputs = new ArrayList<>(cats);
    hashedInputs.addAll(nums);
    stages.add(new FeatureHasher().setInputCols(hashedInputs.toArray(new String[0])).setOutputCol("hashed")
        .setNumFeatures(1 << bits));
    assembled.add("hashed");
    for (List<String> cross : cfg.crosses()) {
      String name = FeatureConfig.crossName(cross);
      int perField = 1 << (bits / cross.size());
      List<String> parts = new ArrayList<>();
      for (String f : cross) {
        String col = name + "_" + f;
        stages.add(new FeatureHasher().setInputCols(new String[] {f}).setOutputCol(col).setNumFeatures(perField));
        parts.add(col);
      }
      stages.add(new Interaction().setInputCols(parts.toArray(new String[0])).setOutputCol(name));
      assembled.add(name);
    }
    stages.add(new VectorAssembler().setInputCols(assembled.toArray(new String[0])).setOutputCol("features"));
    Pipeline pipeline = new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
    Dataset<Row> features = pipeline.fit(df).transform(df);
    long validation = Instant.parse(m.split().validationStart()).getEpochSecond();
    long test = Instant.parse(m.split().testStart()).getEpochSecond();
    Column split = functions.when(functions.col("timestamp").geq(test), "test")
        .when(functions.col("timestamp").geq(validation), "validation").otherwise("train");
    features.select(functions.col("label"), functions.col("timestamp"), functions.col("features"), split.as("split"))
        .write().mode(SaveMode.ErrorIfExists).partitionBy("split").parquet(out);
  }
}
