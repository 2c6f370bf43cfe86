package io.sparkctr.jobs.abtest;

import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.models.metrics.MetricsJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code sparkctr abtest --logs PATH --unit-field F --report-out DIR ...}: reads impression logs carrying an arm, a
 * unit and a click (and optionally a value) per row and publishes, staged and atomically, {@value #JSON} (typed:
 * {@link AbTestReport}) and a self-contained {@value #REPORT}: per arm totals, each arm's relative lift over the
 * control with intervals by unit, the always-valid p-value and confidence sequence of daily looks, the SRM check
 * and per-day lines. The per-unit sums are made and folded on the executors ({@link UnitAggregation}).
 */
public final class AbTestJob {
  public static final String JSON = "abtest.json";
  public static final String REPORT = "report.html";

  /** The logs' fields; {@code value} null when there is none; {@code time} in epoch seconds (UTC days). */
  public record Fields(String unit, String arm, String click, String value, String time) {
    public Fields {
      if (unit == null || unit.isEmpty() || arm == null || arm.isEmpty() || click == null || click.isEmpty()
          || time == null || time.isEmpty()) {
        throw new IllegalArgumentException("Cannot read the A/B test: the unit, arm, click and time fields are "
            + "required (got unit " + unit + ", arm " + arm + ", click " + click + ", time " + time + ")");
      }
    }

    List<String> all() {
      return value == null ? List.of(unit, arm, click, time) : List.of(unit, arm, click, time, value);
    }
  }

  /** @param expected the planned split, or null for equal fractions over the arms found */
  public record Params(String logs, LogFormat format, Fields fields, String reportOut, boolean overwrite,
                       ExpectedSplit expected, AbTestOptions options) {}

  private AbTestJob() {}

  public static AbTestReport run(SparkSession spark, Params p) {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    Dataset<Row> logs = p.format().read(spark, p.logs());
    for (String f : p.fields().all()) {
      if (!Arrays.asList(logs.columns()).contains(f)) {
        throw new IllegalArgumentException("Cannot read the A/B test in " + p.logs() + ": it has no column '" + f
            + "' (has " + Arrays.toString(logs.columns()) + ")");
      }
    }
    Dataset<Row> rows = UnitAggregation.columns(logs, p.fields());
    Dataset<Row> valid = UnitAggregation.valid(rows).persist(StorageLevel.MEMORY_AND_DISK());
    try (StagedOutput out = StagedOutput.begin(p.reportOut(), p.overwrite(), hadoop, OutputGuard.Read.input(p.logs()));
         Progress progress = Progress.open(spark.sparkContext(), "abtest")) {
      progress.phase("count the rows, arms and days of " + p.logs());
      long read = rows.count();
      long kept = valid.count();
      if (kept == 0) {
        throw new IllegalArgumentException("Cannot read the A/B test in " + p.logs() + ": none of its " + read
            + " rows has a unit, arm, time and click");
      }
      List<String> seen = UnitAggregation.distinct(valid, "a");
      ExpectedSplit expected = p.expected() != null ? p.expected() : ExpectedSplit.equal(seen);
      List<String> arms = expected.order(seen, p.logs());
      long[] days = UnitAggregation.distinct(valid, "d").stream().mapToLong(Long::parseLong).sorted().toArray();
      List<String> dayNames = Arrays.stream(days).mapToObj(d -> LocalDate.ofEpochDay(d).toString()).toList();
      progress.phase("sum per unit and day, fold per arm");
      DailyTotals totals = UnitAggregation.totals(valid, arms, days);
      long several = UnitAggregation.unitsInSeveralArms(valid);
      AbTestAnalysis.Result r = AbTestAnalysis.analyse(totals, arms, dayNames, expected.fractions(), p.options(),
          p.fields().value() != null);
      AbTestReport report = new AbTestReport(AbTestReport.SCHEMA_VERSION, settings(p, expected),
          new AbTestReport.Data(read, read - kept, several, dayNames.get(0), dayNames.get(dayNames.size() - 1)),
          r.arms(), r.comparisons(), r.sampleRatio(), r.days());
      out.writeText(JSON, MetricsJson.MAPPER.writeValueAsString(report));
      out.writeText(REPORT, AbTestHtml.render(report));
      out.publish();
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the A/B report to " + p.reportOut() + ": " + e.getMessage(), e);
    } finally {
      valid.unpersist();
    }
  }

  private static AbTestReport.Settings settings(Params p, ExpectedSplit expected) {
    Fields f = p.fields();
    AbTestOptions o = p.options();
    return new AbTestReport.Settings(p.logs(), f.unit(), f.arm(), f.click(), f.value(), f.time(), o.control(),
        o.confidence(), o.mixingVariance(), expected.fractions(), expected.source());
  }
}
