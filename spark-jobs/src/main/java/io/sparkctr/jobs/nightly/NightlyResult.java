package io.sparkctr.jobs.nightly;

import io.sparkctr.jobs.eval.ReportHtml;
import io.sparkctr.models.metrics.MetricsReport;
import java.util.List;
import java.util.Locale;

/**
 * What a nightly run decided, as written to {@code versions/<date>/result.json}: the decision, the
 * reasons for a rejection, and both models' metrics on the held-out day.
 *
 * @param date the run's date (the version name)
 * @param published whether the candidate became the published model
 * @param reasons why the gate rejected it (empty when published)
 * @param candidate the candidate's metrics on the held-out day
 * @param previous the version that was published when the run started, or null
 * @param previousMetrics its metrics on the same rows, or null
 * @param heldOutDay the raw logs both were scored on
 */
public record NightlyResult(String date, boolean published, List<String> reasons, Metrics candidate, String previous,
                            Metrics previousMetrics, String heldOutDay) {
  public NightlyResult {
    reasons = List.copyOf(reasons);
  }

  /** The numbers the gate looks at. */
  public record Metrics(long count, long positives, double auc, double logloss, double normalizedEntropy,
                        double calibration) {
    public static Metrics of(MetricsReport r) {
      return r == null ? null : new Metrics(r.count(), r.positives(), r.auc(), r.logloss(), r.normalizedEntropy(),
          r.calibration());
    }
  }

  /** The gate's section of the report (escaped). */
  public String html() {
    StringBuilder h = new StringBuilder("<h2>Publication gate: ").append(published ? "published" : "rejected")
        .append("</h2>\n<p>Held-out day ").append(ReportHtml.escape(heldOutDay)).append(", each model with its own "
            + "feature transform.</p>\n<table><tr><th>metric</th><th>candidate</th><th>published (")
        .append(ReportHtml.escape(previous == null ? "none" : previous)).append(")</th></tr>\n");
    row(h, "AUC", candidate.auc(), previousMetrics == null ? Double.NaN : previousMetrics.auc());
    row(h, "logloss", candidate.logloss(), previousMetrics == null ? Double.NaN : previousMetrics.logloss());
    row(h, "calibration", candidate.calibration(), previousMetrics == null ? Double.NaN : previousMetrics.calibration());
    h.append("</table>\n");
    if (!reasons.isEmpty()) {
      h.append("<ul>");
      reasons.forEach(r -> h.append("<li>").append(ReportHtml.escape(r)).append("</li>"));
      h.append("</ul>\n");
    }
    return h.toString();
  }

  private static void row(StringBuilder h, String name, double a, double b) {
    h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.5f</td><td>%s</td></tr>%n", name, a,
        Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.5f", b)));
  }
}
