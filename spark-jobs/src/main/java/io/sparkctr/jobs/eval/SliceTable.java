package io.sparkctr.jobs.eval;

import static io.sparkctr.jobs.eval.ReportHtml.count;
import static io.sparkctr.jobs.eval.ReportHtml.escape;
import static io.sparkctr.jobs.eval.ReportHtml.format;
import static io.sparkctr.jobs.eval.ReportHtml.withInterval;

import io.sparkctr.models.metrics.SliceReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-slice tables of a report (per day, per value of a field): one model's metrics, or a model
 * and its baseline side by side with the per-slice difference and its interval ({@link SliceDelta}).
 * Every string is escaped.
 */
public final class SliceTable {
  private SliceTable() {}

  /** The note placed once before paired tables: what the difference is and how its interval is made. */
  public static String pairedNote() {
    return "<p class=\"note\">Side by side: both models on the same rows of each slice. The difference is model − "
        + "baseline; its interval comes from " + escape(SliceDelta.METHOD) + ".</p>\n";
  }

  /** One model's slices: value, impressions, clicks, AUC [CI], logloss [CI], calibration. */
  public static String single(String title, List<SliceReport> rows) {
    StringBuilder t = new StringBuilder("<h3>").append(escape(title)).append("</h3>\n<table><tr><th>value</th>"
        + "<th>impressions</th><th>clicks</th><th>AUC [CI]</th><th>logloss [CI]</th><th>calibration</th></tr>\n");
    for (SliceReport s : rows) {
      t.append("<tr><td>").append(escape(s.value())).append("</td><td>").append(count(s.count())).append("</td><td>")
          .append(count(s.positives())).append("</td><td>").append(withInterval(s.auc(), s.aucCi())).append("</td><td>")
          .append(withInterval(s.logloss(), s.loglossCi())).append("</td><td>").append(format(s.calibration()))
          .append("</td></tr>\n");
    }
    return t.append("</table>\n").toString();
  }

  /**
   * Model {@code a} and baseline {@code b} side by side, slices matched by value (the model's order,
   * then values only the baseline has): impressions and clicks (both when they differ), each model's
   * AUC and logloss with intervals, their differences with intervals, and each model's calibration.
   */
  public static String paired(String title, String a, List<SliceReport> model, String b, List<SliceReport> baseline) {
    StringBuilder t = new StringBuilder("<h3>").append(escape(title)).append("</h3>\n<table class=\"paired\"><tr>"
        + "<th>value</th><th>impressions</th><th>clicks</th>");
    for (String metric : List.of("AUC", "logloss")) {
      t.append("<th>").append(escape(a + " " + metric)).append(" [CI]</th><th>").append(escape(b + " " + metric))
          .append(" [CI]</th><th>").append(metric).append(" difference [CI]</th>");
    }
    t.append("<th>").append(escape(a)).append(" calibration</th><th>").append(escape(b)).append(" calibration</th>"
        + "</tr>\n");
    byValue(model, baseline).forEach((value, pair) -> row(t, value, pair[0], pair[1]));
    return t.append("</table>\n").toString();
  }

  private static Map<String, SliceReport[]> byValue(List<SliceReport> model, List<SliceReport> baseline) {
    Map<String, SliceReport[]> m = new LinkedHashMap<>();
    model.forEach(s -> m.computeIfAbsent(s.value(), k -> new SliceReport[2])[0] = s);
    baseline.forEach(s -> m.computeIfAbsent(s.value(), k -> new SliceReport[2])[1] = s);
    return m;
  }

  private static void row(StringBuilder t, String value, SliceReport a, SliceReport b) {
    SliceDelta d = SliceDelta.of(a, b);
    t.append("<tr><td>").append(escape(value)).append("</td><td>").append(counts(a, b, SliceReport::count))
        .append("</td><td>").append(counts(a, b, SliceReport::positives)).append("</td><td>")
        .append(a == null ? "n/a" : withInterval(a.auc(), a.aucCi())).append("</td><td>")
        .append(b == null ? "n/a" : withInterval(b.auc(), b.aucCi())).append("</td>")
        .append(ReportTables.delta(d.auc(), d.aucCi(), true)).append("<td>")
        .append(a == null ? "n/a" : withInterval(a.logloss(), a.loglossCi())).append("</td><td>")
        .append(b == null ? "n/a" : withInterval(b.logloss(), b.loglossCi())).append("</td>")
        .append(ReportTables.delta(d.logloss(), d.loglossCi(), false)).append("<td>")
        .append(a == null ? "n/a" : format(a.calibration())).append("</td><td>")
        .append(b == null ? "n/a" : format(b.calibration())).append("</td></tr>\n");
  }

  /** The model's count, or "model / baseline" when they differ or one is missing. */
  private static String counts(SliceReport a, SliceReport b, java.util.function.ToLongFunction<SliceReport> f) {
    if (a != null && b != null && f.applyAsLong(a) == f.applyAsLong(b)) {
      return count(f.applyAsLong(a));
    }
    return (a == null ? "n/a" : count(f.applyAsLong(a))) + " / " + (b == null ? "n/a" : count(f.applyAsLong(b)));
  }
}
