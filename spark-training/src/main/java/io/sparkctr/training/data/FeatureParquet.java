package io.sparkctr.training.data;

import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureOutputSchema;
import io.sparkctr.features.split.Split;
import io.sparkctr.models.data.FeatureRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the feature job's output (see {@link FeatureOutputSchema}): the manifest, each split as
 * a Dataset, and rows as {@link FeatureRow}s collected to the driver with a bound on the row count
 * (training on one machine). On the executors, training and scoring read rows with {@link FeatureRowReader}.
 */
public final class FeatureParquet {
  private FeatureParquet() {}

  /** {@code manifest.json} of a feature directory (any Hadoop file system). */
  public static FeatureManifest manifest(SparkSession spark, String featuresDir) {
    StagedOutput.requireComplete(featuresDir, spark.sparkContext().hadoopConfiguration(), "features");
    Path p = new Path(featuresDir, FeatureManifest.FILE_NAME);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(new Path(featuresDir, "bundle.json"))) {
        throw new IllegalArgumentException("Cannot read features at " + featuresDir + ": it is a model bundle "
            + "(it holds bundle.json), not the output of `sparkctr features`");
      }
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("Cannot read features at " + featuresDir + ": no "
            + FeatureManifest.FILE_NAME + " (is this the output of the feature job?)");
      }
      try (FSDataInputStream in = fs.open(p)) {
        return FeatureManifest.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), p.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  /** One split as a Dataset, with its schema checked against the manifest's. */
  public static Dataset<Row> split(SparkSession spark, String featuresDir, FeatureManifest m, Split split) {
    String dir = new Path(featuresDir, split.dirName()).toString();
    requireParts(spark, featuresDir, split);
    Dataset<Row> df = spark.read().parquet(dir);
    StructType expected = FeatureOutputSchema.of(m);
    for (String name : expected.fieldNames()) {
      if (!Arrays.asList(df.schema().fieldNames()).contains(name)) {
        throw new IllegalArgumentException("Cannot read features " + dir + ": column '" + name
            + "' missing (has " + Arrays.toString(df.schema().fieldNames()) + ", manifest expects "
            + Arrays.toString(expected.fieldNames()) + ")");
      }
    }
    return df.select(Arrays.stream(expected.fieldNames()).map(df::col).toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * @throws IllegalArgumentException when the split's directory is missing or holds no Parquet part
   *     file (emptied or copied in part), naming the split
   */
  private static void requireParts(SparkSession spark, String featuresDir, Split split) {
    Path dir = new Path(featuresDir, split.dirName());
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        throw new IllegalArgumentException("Cannot read features at " + featuresDir + ": its " + split.dirName()
            + "/ split is missing");
      }
      boolean parts = Arrays.stream(fs.listStatus(dir)).anyMatch(f -> f.getPath().getName().endsWith(".parquet"));
      if (!parts) {
        throw new IllegalArgumentException("Cannot read features at " + featuresDir + ": its " + split.dirName()
            + "/ split holds no Parquet part files (removed or not copied); run `sparkctr features` again");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read features at " + featuresDir + ": " + e.getMessage(), e);
    }
  }

  /** A row of a Dataset from {@link #split}, an external {@code Row} (collected to the driver), as a FeatureRow. */
  public static FeatureRow toFeatureRow(Row r) {
    List<Integer> idx = r.getList(r.fieldIndex(FeatureOutputSchema.INDICES));
    int[] indices = new int[idx.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = idx.get(i);
    }
    double[] dense = null;
    if (Arrays.asList(r.schema().fieldNames()).contains(FeatureOutputSchema.DENSE)) {
      List<Double> d = r.getList(r.fieldIndex(FeatureOutputSchema.DENSE));
      dense = d.stream().mapToDouble(Double::doubleValue).toArray();
    }
    String group = Arrays.asList(r.schema().fieldNames()).contains(FeatureOutputSchema.GROUP)
        ? r.getString(r.fieldIndex(FeatureOutputSchema.GROUP)) : null;
    int[][] bags = null;
    float[][] bagWeights = null;
    if (Arrays.asList(r.schema().fieldNames()).contains(FeatureOutputSchema.BAGS)) {
      List<Object> b = r.getList(r.fieldIndex(FeatureOutputSchema.BAGS));
      List<Object> w = r.getList(r.fieldIndex(FeatureOutputSchema.BAG_WEIGHTS));
      bags = new int[b.size()][];
      bagWeights = new float[b.size()][];
      for (int i = 0; i < bags.length; i++) {
        List<Integer> ids = seq(b.get(i));
        List<Float> ws = seq(w.get(i));
        bags[i] = ids.stream().mapToInt(Integer::intValue).toArray();
        bagWeights[i] = new float[ws.size()];
        for (int j = 0; j < ws.size(); j++) {
          bagWeights[i][j] = ws.get(j);
        }
      }
    }
    return new FeatureRow(r.getInt(r.fieldIndex(FeatureOutputSchema.LABEL)),
        r.getLong(r.fieldIndex(FeatureOutputSchema.TIMESTAMP)), indices, dense, group, bags, bagWeights);
  }

  /** An element of a nested array column (a Scala Seq inside a Row) as a Java list. */
  @SuppressWarnings("unchecked")
  private static <T> List<T> seq(Object o) {
    return o instanceof List<?> l ? (List<T>) l : scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<T>) o);
  }

  /**
   * A split collected to the driver, in file order, for {@code io.sparkctr.models.train.LocalTrainer}.
   *
   * @throws IllegalArgumentException if it has more than {@code maxRows} rows: train on Spark then
   */
  public static List<FeatureRow> collect(SparkSession spark, String featuresDir, FeatureManifest m, Split split,
                                         long maxRows) {
    Dataset<Row> df = split(spark, featuresDir, m, split);
    List<Row> rows = df.limit((int) Math.min(Integer.MAX_VALUE - 1, maxRows + 1)).collectAsList();
    if (rows.size() > maxRows) {
      throw new IllegalArgumentException("Cannot train on one machine: " + split.dirName() + " of " + featuresDir
          + " has more than " + maxRows + " rows; use the distributed trainer");
    }
    List<FeatureRow> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(toFeatureRow(r));
    }
    return out;
  }
}
