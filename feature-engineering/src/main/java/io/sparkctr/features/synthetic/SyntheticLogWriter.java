package io.sparkctr.features.synthetic;

import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.features.synthetic.PlantedClickModel.Impression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes planted-truth click logs with Spark: {@code logs/} (CSV with header, columns
 * {@link PlantedClickModel#columns()}: with recent items also the multi-valued {@code recent_items}), {@code truth/} (CSV {@code id,probability}: each row's true
 * click probability) and {@code generator.json} (parameters, base rate, and the logloss of the
 * true probabilities, the best any model can expect). Published atomically like every output.
 */
public final class SyntheticLogWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SyntheticLogWriter.class);
  public static final String LOGS = "logs";
  public static final String TRUTH = "truth";
  public static final String SUMMARY = "generator.json";
  /** Rows per Spark partition, so per part file of {@code logs/} and {@code truth/} (the days share them). */
  public static final long ROWS_PER_PARTITION = 250_000;

  private SyntheticLogWriter() {}

  public record Summary(long rows, int days, long seed, long positives, double bestLogloss) {}

  public static Summary write(SparkSession spark, long rows, int days, long seed, String out, boolean overwrite) {
    return write(spark, rows, days, seed, out, overwrite, false);
  }

  /** @param recentItems add the multi-valued {@code recent_items} column (see {@link PlantedClickModel}) */
  public static Summary write(SparkSession spark, long rows, int days, long seed, String out, boolean overwrite,
                              boolean recentItems) {
    return write(spark, PlantedShape.DEMO, rows, days, seed, out, overwrite, recentItems);
  }

  /**
   * @param shape what to generate; {@code generator.json} names it unless it is the demo's (whose
   *     summary stays as it always was)
   */
  public static Summary write(SparkSession spark, PlantedShape shape, long rows, int days, long seed, String out,
                              boolean overwrite, boolean recentItems) {
    PlantedClickModel model = new PlantedClickModel(shape, seed, rows, days, recentItems);
    List<String> columns = model.columns();
    try (StagedOutput staged = StagedOutput.begin(out, overwrite, spark.sparkContext().hadoopConfiguration())) {
      int partitions = (int) Math.max(1, (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
      JavaRDD<Impression> impressions = spark.range(0, rows, 1, partitions).javaRDD().map(model::row);
      List<StructField> fields = new ArrayList<>();
      for (String c : columns) {
        fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
      }
      JavaRDD<Row> logRows = impressions.map(SyntheticLogWriter::toRow);
      spark.createDataFrame(logRows, DataTypes.createStructType(fields)).write().mode(SaveMode.ErrorIfExists)
          .option("header", true).csv(staged.stagingChild(LOGS));
      StructType truthSchema = DataTypes.createStructType(List.of(
          DataTypes.createStructField("id", DataTypes.LongType, false),
          DataTypes.createStructField("probability", DataTypes.DoubleType, false)));
      spark.createDataFrame(impressions.map(i -> RowFactory.create(i.id(), i.probability())), truthSchema).write()
          .mode(SaveMode.ErrorIfExists).option("header", true).csv(staged.stagingChild(TRUTH));
      double[] agg = impressions.aggregate(new double[2], (a, i) -> {
        a[0] += i.label();
        a[1] -= i.label() == 1 ? Math.log(i.probability()) : Math.log(1 - i.probability());
        return a;
      }, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
      Summary s = new Summary(rows, days, seed, (long) agg[0], agg[1] / rows);
      staged.writeText(SUMMARY, String.format(Locale.ROOT,
          "{\n" + (shape == PlantedShape.DEMO ? "" : "  \"shape\": \"" + shape.name() + "\",\n") + "  \"rows\": %d,\n  \"days\": %d,\n  \"seed\": %d,\n  \"positives\": %d,\n  \"baseRate\": %.6f,\n"
              + "  \"bestLogloss\": %.6f,\n  \"columns\": \"%s\"\n}\n", rows, days, seed, s.positives(),
          (double) s.positives() / rows, s.bestLogloss(), String.join(",", columns)));
      staged.publish();
      LOG.info("Generated {} rows over {} days (seed {}): base rate {}, logloss of the true probabilities {}",
          rows, days, seed, (double) s.positives() / rows, s.bestLogloss());
      return s;
    }
  }

  private static Row toRow(Impression i) {
    Object[] v = new Object[4 + i.categorical().length + i.numeric().length + (i.recentItems() == null ? 0 : 1)];
    v[0] = Long.toString(i.id());
    v[1] = Integer.toString(i.label());
    v[2] = Long.toString(i.timestamp());
    v[3] = i.user();
    System.arraycopy(i.categorical(), 0, v, 4, i.categorical().length);
    for (int k = 0; k < i.numeric().length; k++) {
      Double d = i.numeric()[k];
      v[4 + i.categorical().length + k] = d == null ? null : (d == Math.rint(d) && Math.abs(d) < 1e15
          ? Long.toString(d.longValue()) : Double.toString(d));
    }
    if (i.recentItems() != null) {
      v[v.length - 1] = i.recentItems();
    }
    return RowFactory.create(v);
  }
}
