package io.sparkctr.jobs.abtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark side of an A/B readout: impression rows reduced to per-unit, per-day sums and those to
 * {@link DailyTotals} on the executors (group by unit and arm, then one fold per partition and a tree reduce); only
 * arms × days moments reach the driver. Days are UTC days of the epoch-second time field.
 */
public final class UnitAggregation {
  private UnitAggregation() {}

  /**
   * The logs' columns as {@code u} (unit), {@code a} (arm), {@code d} (epoch day), {@code c} (clicks), {@code v}
   * (value, 0 without a value field); rows with any of them missing, or a negative click or value, are dropped by
   * {@link #valid}.
   */
  public static Dataset<Row> columns(Dataset<Row> logs, AbTestJob.Fields f) {
    return logs.select(col(f.unit()).cast("string").as("u"), col(f.arm()).cast("string").as("a"),
        floor(col(f.time()).cast("double").divide(86_400)).cast("long").as("d"),
        col(f.click()).cast("double").as("c"),
        (f.value() == null ? lit(0.0) : col(f.value()).cast("double")).as("v"));
  }

  public static Dataset<Row> valid(Dataset<Row> rows) {
    return rows.filter(col("u").isNotNull().and(col("a").isNotNull()).and(col("d").isNotNull())
        .and(col("c").isNotNull()).and(col("v").isNotNull()).and(col("c").geq(0)).and(col("v").geq(0)));
  }

  /** Units seen under more than one arm (a broken assignment; each (unit, arm) still counts in its arm). */
  public static long unitsInSeveralArms(Dataset<Row> valid) {
    return valid.select("u", "a").distinct().groupBy("u").count().filter(col("count").gt(1)).count();
  }

  /** The totals of {@code valid} rows; {@code arms} and {@code days} (epoch days, ascending) give the indices. */
  public static DailyTotals totals(Dataset<Row> valid, List<String> arms, long[] days) {
    Map<String, Integer> armIndex = new HashMap<>();
    for (int i = 0; i < arms.size(); i++) {
      armIndex.put(arms.get(i), i);
    }
    Map<Long, Integer> dayIndex = new HashMap<>();
    for (int i = 0; i < days.length; i++) {
      dayIndex.put(days[i], i);
    }
    int nArms = arms.size();
    int nDays = days.length;
    Dataset<Row> perUnit = valid.groupBy("u", "a", "d").agg(count(lit(1)).as("n"), sum("c").as("c"), sum("v").as("v"))
        .groupBy("u", "a").agg(collect_list(struct("d", "n", "c", "v")).as("days"));
    return perUnit.select("a", "days").javaRDD().mapPartitions(it -> {
      DailyTotals t = new DailyTotals(nArms, nDays);
      double[] n = new double[nDays];
      double[] c = new double[nDays];
      double[] v = new double[nDays];
      while (it.hasNext()) {
        Row r = it.next();
        java.util.Arrays.fill(n, 0);
        java.util.Arrays.fill(c, 0);
        java.util.Arrays.fill(v, 0);
        for (Row d : r.<Row>getList(1)) {
          int i = dayIndex.get(d.getLong(0));
          n[i] = d.getLong(1);
          c[i] = d.getDouble(2);
          v[i] = d.getDouble(3);
        }
        t.addUnit(armIndex.get(r.getString(0)), n, c, v);
      }
      return List.of(t).iterator();
    }).treeReduce(DailyTotals::merge, 2);
  }

  /** The distinct values of column {@code c} of {@code valid}, as strings, sorted. */
  public static List<String> distinct(Dataset<Row> valid, String c) {
    List<String> out = new ArrayList<>();
    valid.select(col(c).cast("string")).distinct().collectAsList().forEach(r -> out.add(r.getString(0)));
    out.sort(null);
    return out;
  }
}
