package io.sparkctr.jobs.nightly;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.sparkctr.jobs.eval.ReportHtml;
import io.sparkctr.jobs.eval.SliceTable;
import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.metrics.ModelComparison;
import io.sparkctr.models.metrics.SliceReport;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a nightly run decided, as written to {@code versions/<date>/result.json}: the decision, the
 * reasons for a rejection, both models' metrics on the held-out day, their paired comparison and
 * both models' slices.
 *
 * @param date the run's date (the version name)
 * @param published whether the candidate became the published model
 * @param reasons why the gate rejected it (empty when published)
 * @param candidate the candidate's metrics on the held-out day
 * @param previous the version that was published when the run started, or null
 * @param previousMetrics its metrics on the same rows, or null
 * @param heldOutDay the raw logs both were scored on
 * @param comparison candidate − published on the same rows with paired intervals, or null
 * @param unpairedRows held-out rows that could not be paired by key (left out of both models' metrics)
 * @param slices the candidate's metrics per value of each {@code sparkctr.evaluation.slices} field
 * @param previousSlices the published model's, on the same rows; empty without a published model and in
 *     results written before they were kept
 * @param notes what qualifies the decision without changing it (e.g. a backfill night compared with a
 *     model that trained or validated on the held-out day); empty in results written before notes
 */
public record NightlyResult(String date, boolean published, List<String> reasons, Metrics candidate, String previous,
                            Metrics previousMetrics, String heldOutDay, ModelComparison comparison, long unpairedRows,
                            Map<String, List<SliceReport>> slices, Map<String, List<SliceReport>> previousSlices,
                            List<String> notes) {
  @JsonCreator
  public NightlyResult {
    reasons = List.copyOf(reasons);
    slices = slices == null ? Map.of() : Map.copyOf(slices);
    previousSlices = previousSlices == null ? Map.of() : Map.copyOf(previousSlices);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  public NightlyResult(String date, boolean published, List<String> reasons, Metrics candidate, String previous,
                       Metrics previousMetrics, String heldOutDay, ModelComparison comparison, long unpairedRows,
                       Map<String, List<SliceReport>> slices) {
    this(date, published, reasons, candidate, previous, previousMetrics, heldOutDay, comparison, unpairedRows, slices,
        Map.of(), List.of());
  }

  public NightlyResult(String date, boolean published, List<String> reasons, Metrics candidate, String previous,
                       Metrics previousMetrics, String heldOutDay) {
    this(date, published, reasons, candidate, previous, previousMetrics, heldOutDay, null, 0, Map.of());
  }

  /** The numbers the gate looks at, with their intervals. */
  public record Metrics(long count, long positives, double auc, double logloss, double normalizedEntropy,
                        double calibration, Interval aucCi, Interval loglossCi, double expectedCalibrationError) {
    @JsonCreator
    public Metrics {}

    public Metrics(long count, long positives, double auc, double logloss, double normalizedEntropy,
                   double calibration) {
      this(count, positives, auc, logloss, normalizedEntropy, calibration, null, null, Double.NaN);
    }

    public static Metrics of(MetricsReport r) {
      return r == null ? null : new Metrics(r.count(), r.positives(), r.auc(), r.logloss(), r.normalizedEntropy(),
          r.calibration(), r.aucCi(), r.loglossCi(), r.expectedCalibrationError());
    }
  }

  /** The gate's section of the report (escaped). */
  public String html() {
    StringBuilder h = new StringBuilder("<h2>Publication gate: ").append(published ? "published" : "rejected")
        .append("</h2>\n<p>Held-out day ").append(ReportHtml.escape(heldOutDay)).append(", each model with its own "
            + "feature transform, paired by row").append(unpairedRows > 0 ? " (" + unpairedRows + " rows unpaired)" : "")
        .append(".</p>\n<table><tr><th>metric</th><th>candidate</th><th>published (")
        .append(ReportHtml.escape(previous == null ? "none" : previous)).append(")</th><th>candidate − published</th>"
            + "</tr>\n");
    boolean p = previousMetrics != null;
    row(h, "AUC", candidate.auc(), candidate.aucCi(), p ? previousMetrics.auc() : Double.NaN,
        p ? previousMetrics.aucCi() : null, comparison == null ? Double.NaN : comparison.aucDelta(),
        comparison == null ? null : comparison.aucDeltaCi());
    row(h, "logloss", candidate.logloss(), candidate.loglossCi(), p ? previousMetrics.logloss() : Double.NaN,
        p ? previousMetrics.loglossCi() : null, comparison == null ? Double.NaN : comparison.loglossDelta(),
        comparison == null ? null : comparison.loglossDeltaCi());
    row(h, "calibration", candidate.calibration(), null, p ? previousMetrics.calibration() : Double.NaN, null,
        Double.NaN, null);
    row(h, "expected calibration error", candidate.expectedCalibrationError(), null,
        p ? previousMetrics.expectedCalibrationError() : Double.NaN, null, Double.NaN, null);
    h.append("</table>\n");
    if (!reasons.isEmpty()) {
      h.append("<ul>");
      reasons.forEach(r -> h.append("<li>").append(ReportHtml.escape(r)).append("</li>"));
      h.append("</ul>\n");
    }
    if (!notes.isEmpty()) {
      h.append("<p>Note:</p><ul>");
      notes.forEach(r -> h.append("<li>").append(ReportHtml.escape(r)).append("</li>"));
      h.append("</ul>\n");
    }
    h.append(sliceTables());
    return h.toString();
  }

  /** The candidate's slice tables; side by side with the published model's where it has them. */
  private String sliceTables() {
    StringBuilder h = new StringBuilder(previousSlices.isEmpty() || slices.isEmpty() ? "" : SliceTable.pairedNote());
    slices.forEach((field, values) -> {
      List<SliceReport> published = previousSlices.get(field);
      h.append(published == null ? SliceTable.single("Candidate on the held-out day by " + field, values)
          : SliceTable.paired("Candidate and published model (" + previous + ") on the held-out day by " + field,
          "candidate", values, "published", published));
    });
    return h.toString();
  }

  private static void row(StringBuilder h, String name, double a, Interval ca, double b, Interval cb, double d,
                          Interval cd) {
    h.append("<tr><td>").append(name).append("</td><td>").append(cell(a, ca)).append("</td><td>").append(cell(b, cb))
        .append("</td><td>").append(cell(d, cd)).append("</td></tr>\n");
  }

  private static String cell(double v, Interval ci) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.5f", v) + (ci == null ? "" : String.format(Locale.ROOT, " [%.5f, %.5f]",
        ci.lower(), ci.upper()));
  }
}
