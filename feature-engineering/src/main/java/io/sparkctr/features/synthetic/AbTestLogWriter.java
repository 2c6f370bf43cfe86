package io.sparkctr.features.synthetic;

import io.sparkctr.common.json.Json;
import io.sparkctr.common.output.StagedOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Writes the logs of a {@link PlantedAbTest} with Spark: {@code logs/} (CSV with header: {@code id, label,
 * timestamp, user_id, arm}, then {@code gmv}, the value of the row's click, when clicks have value) and
 * {@value SyntheticLogWriter#SUMMARY}: the split, salt, planted lifts and the true lift of every arm over the first.
 * Published atomically like every output.
 */
public final class AbTestLogWriter {
  /** The unit column of the generated logs. */
  public static final String UNIT = "user_id";
  public static final String ARM = "arm";
  public static final String VALUE = "gmv";
  private static final long UNITS_PER_PARTITION = 20_000;

  private AbTestLogWriter() {}

  /** The header of the generated CSV. */
  public static List<String> columns(PlantedAbTest t) {
    List<String> c = new ArrayList<>(List.of("id", "label", "timestamp", UNIT, ARM));
    if (t.settings().valuePerClick() > 0) {
      c.add(VALUE);
    }
    return c;
  }

  /** Writes {@code logs/} and the summary to {@code out}; returns the rows written. */
  public static long write(SparkSession spark, PlantedAbTest t, String out, boolean overwrite) {
    List<String> columns = columns(t);
    List<StructField> fields = new ArrayList<>();
    columns.forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.StringType, true)));
    long units = t.settings().units();
    int partitions = (int) Math.max(1, (units + UNITS_PER_PARTITION - 1) / UNITS_PER_PARTITION);
    try (StagedOutput staged = StagedOutput.begin(out, overwrite, spark.sparkContext().hadoopConfiguration())) {
      JavaRDD<Row> rows = spark.range(0, units, 1, partitions).javaRDD().flatMap(u -> rows(t, u).iterator());
      spark.createDataFrame(rows, DataTypes.createStructType(fields)).write().mode(SaveMode.ErrorIfExists)
          .option("header", true).csv(staged.stagingChild(SyntheticLogWriter.LOGS));
      long written = spark.read().option("header", true).csv(staged.stagingChild(SyntheticLogWriter.LOGS)).count();
      staged.writeText(SyntheticLogWriter.SUMMARY, Json.PRETTY.writeValueAsString(summary(t, written, columns)));
      staged.publish();
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write planted A/B logs to " + out + ": " + e.getMessage(), e);
    }
  }

  private static List<Row> rows(PlantedAbTest t, long unit) {
    double[] rates = t.unitRates(unit);
    String arm = t.split().names().get(t.arm(unit));
    boolean valued = t.settings().valuePerClick() > 0;
    List<Row> out = new ArrayList<>();
    for (int d = 0; d < t.settings().days(); d++) {
      PlantedAbTest.Day day = t.day(unit, d, rates);
      for (int i = 0; i < day.impressions(); i++) {
        String id = PlantedAbTest.unitName(unit) + "-" + d + "-" + i;
        String ts = Long.toString(PlantedClickModel.START + d * 86_400L + day.second()[i]);
        String label = day.clicked()[i] ? "1" : "0";
        out.add(valued ? RowFactory.create(id, label, ts, PlantedAbTest.unitName(unit), arm,
            Double.toString(day.value()[i])) : RowFactory.create(id, label, ts, PlantedAbTest.unitName(unit), arm));
      }
    }
    return out;
  }

  private static Map<String, Object> summary(PlantedAbTest t, long rows, List<String> columns) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shape", "abtest");
    m.put("settings", t.settings());
    m.put("rows", rows);
    m.put("assignment", t.split().describe(UNIT));
    Map<String, Object> lifts = new LinkedHashMap<>();
    Map<String, Object> truth = new LinkedHashMap<>();
    for (int a = 0; a < t.split().arms().size(); a++) {
      lifts.put(t.split().names().get(a), t.lifts()[a]);
      truth.put(t.split().names().get(a), t.trueLift(a));
    }
    m.put("plantedLift", lifts);
    m.put("trueLiftOverFirstArm", truth);
    m.put("columns", String.join(",", columns));
    return m;
  }
}
