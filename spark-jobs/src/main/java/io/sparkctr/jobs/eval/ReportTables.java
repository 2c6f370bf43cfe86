package io.sparkctr.jobs.eval;

import static io.sparkctr.jobs.eval.ReportHtml.count;
import static io.sparkctr.jobs.eval.ReportHtml.escape;
import static io.sparkctr.jobs.eval.ReportHtml.format;
import static io.sparkctr.jobs.eval.ReportHtml.withInterval;

import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.MetricsJson;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.metrics.ModelComparison;
import io.sparkctr.models.metrics.SliceReport;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The HTML tables of a report: model cards, metrics with intervals, per-day and per-slice metrics
 * (a model and its baseline side by side).
 */
final class ReportTables {
  private ReportTables() {}

  static String cards(List<ModelEvaluation> models) {
    StringBuilder t = new StringBuilder("<h2>Model card</h2>\n<table><tr><th>fact</th>");
    models.forEach(m -> t.append("<th>").append(escape(m.name())).append("</th>"));
    t.append("</tr>\n");
    cardRow(t, models, "path", m -> m.path());
    cardRow(t, models, "model type", m -> m.card().type());
    cardRow(t, models, "training data from", m -> m.card().firstEvent());
    cardRow(t, models, "training data until (validation from)", m -> m.card().validationStart());
    cardRow(t, models, "training rows per epoch", m -> count(m.card().trainRows()));
    cardRow(t, models, "validation rows", m -> count(m.card().validationRows()));
    cardRow(t, models, "epoch kept", m -> String.valueOf(m.card().bestEpoch()));
    cardRow(t, models, "recalibration factor", m -> String.valueOf(m.card().recalibrationFactor()));
    cardRow(t, models, "hash bits", m -> String.valueOf(m.card().hashBits()));
    cardRow(t, models, "bundle written", m -> m.card().created());
    cardRow(t, models, "evaluated by sparkctr", m -> m.card().sparkctrVersion());
    t.append("</table>\n");
    for (ModelEvaluation m : models) {
      if (m.card() == null || m.card().spec() == null) {
        continue;
      }
      try {
        t.append("<details><summary>").append(escape(m.name())).append(" spec</summary><pre>")
            .append(escape(MetricsJson.MAPPER.writeValueAsString(m.card().spec()))).append("</pre></details>\n");
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("Cannot render the spec of " + m.path(), e);
      }
    }
    return t.toString();
  }

  private static void cardRow(StringBuilder t, List<ModelEvaluation> models, String name,
                              Function<ModelEvaluation, String> f) {
    t.append("<tr><td>").append(name).append("</td>");
    models.forEach(m -> {
      String v = m.card() == null ? null : f.apply(m);
      t.append("<td>").append(v == null ? "n/a" : escape(v)).append("</td>");
    });
    t.append("</tr>\n");
  }

  static String metrics(List<ModelEvaluation> models, ModelComparison c) {
    double level = models.get(0).metrics().aucCi() == null ? 0.95 : models.get(0).metrics().aucCi().level();
    StringBuilder t = new StringBuilder("<h2>Metrics</h2>\n<p class=\"note\">Brackets: ")
        .append(String.format(Locale.ROOT, "%.0f%%", 100 * level))
        .append(" confidence intervals (AUC: DeLong; logloss: normal; delta: paired bootstrap on the same rows). "
            + "A delta is coloured only when its interval excludes zero.</p>\n<table><tr><th>metric</th>");
    models.forEach(m -> t.append("<th>").append(escape(m.name() + " (" + m.type() + ")")).append("</th>"));
    if (c != null) {
      t.append("<th>delta (model − baseline)</th>");
    }
    t.append("</tr>\n<tr><td>AUC</td>");
    models.forEach(m -> t.append("<td>").append(withInterval(m.metrics().auc(), m.metrics().aucCi()))
        .append(" <span class=\"note\">± ").append(String.format(Locale.ROOT, "%.1e", m.metrics().aucErrorBound()))
        .append(" binning</span></td>"));
    if (c != null) {
      t.append(delta(c.aucDelta(), c.aucDeltaCi(), true));
    }
    t.append("</tr>\n<tr><td>logloss</td>");
    models.forEach(m -> t.append("<td>").append(withInterval(m.metrics().logloss(), m.metrics().loglossCi()))
        .append("</td>"));
    if (c != null) {
      t.append(delta(c.loglossDelta(), c.loglossDeltaCi(), false));
    }
    t.append("</tr>\n");
    plain(t, models, c, "normalized entropy", MetricsReport::normalizedEntropy);
    plain(t, models, c, "calibration (mean p / rate)", MetricsReport::calibration);
    plain(t, models, c, "expected calibration error", MetricsReport::expectedCalibrationError);
    plain(t, models, c, "GAUC", MetricsReport::gauc);
    t.append("<tr><td>GAUC groups used / skipped (one class)</td>");
    models.forEach(m -> t.append("<td>").append(count(m.metrics().gaucGroups())).append(" / ")
        .append(count(m.metrics().gaucSkippedGroups())).append(Double.isNaN(m.metrics().gaucSkippedShare()) ? ""
            : String.format(Locale.ROOT, " (%.0f%% of groups, %s rows)", 100 * m.metrics().gaucSkippedShare(),
            count(m.metrics().gaucSkippedRows()))).append("</td>"));
    t.append(c == null ? "" : "<td></td>").append("</tr>\n");
    plain(t, models, c, "impressions", r -> (double) r.count());
    plain(t, models, c, "clicks", r -> (double) r.positives());
    t.append("</table>\n");
    for (ModelEvaluation m : models) {
      if (!m.metrics().undefined().isEmpty()) {
        t.append("<p class=\"note\">").append(escape(m.name())).append(" n/a: ");
        m.metrics().undefined().forEach((k, v) -> t.append(escape(k)).append(": ").append(escape(v)).append("; "));
        t.append("</p>\n");
      }
    }
    return t.toString();
  }

  private static void plain(StringBuilder t, List<ModelEvaluation> models, ModelComparison c, String name,
                            java.util.function.ToDoubleFunction<MetricsReport> f) {
    t.append("<tr><td>").append(name).append("</td>");
    models.forEach(m -> t.append("<td>").append(format(f.applyAsDouble(m.metrics()))).append("</td>"));
    if (c != null) {
      double d = f.applyAsDouble(models.get(0).metrics()) - f.applyAsDouble(models.get(1).metrics());
      t.append("<td class=\"noise\">").append(Double.isFinite(d) ? String.format(Locale.ROOT, "%+.5f", d) : "")
          .append("</td>");
    }
    t.append("</tr>\n");
  }

  /** A delta cell: coloured better/worse only when the interval excludes zero, grey "within noise" otherwise. */
  static String delta(double d, Interval ci, boolean higherIsBetter) {
    if (!Double.isFinite(d)) {
      return "<td>n/a</td>";
    }
    boolean significant = ci != null && (ci.lower() > 0 || ci.upper() < 0);
    String cls = !significant ? "noise" : (d > 0) == higherIsBetter ? "better" : "worse";
    String text = String.format(Locale.ROOT, "%+.5f", d) + (ci == null ? "" : String.format(Locale.ROOT,
        " [%+.5f, %+.5f]", ci.lower(), ci.upper())) + (significant ? "" : " within noise");
    return "<td class=\"" + cls + "\">" + text + "</td>";
  }

  /**
   * The slice tables under a "Slices" heading: per day, then per value of each sliced field. One
   * model: its tables; with a baseline: both side by side with per-slice differences ({@link SliceTable#paired}).
   */
  static String slices(List<ModelEvaluation> models) {
    StringBuilder t = new StringBuilder("<h2>Slices</h2>\n");
    ModelEvaluation a = models.get(0);
    if (models.size() == 1) {
      t.append(SliceTable.single(a.name() + ": per day", days(a)));
      a.metrics().slices().forEach((field, rows) -> t.append(SliceTable.single(a.name() + ": by " + field, rows)));
      return t.toString();
    }
    ModelEvaluation b = models.get(1);
    String both = a.name() + " and " + b.name();
    t.append(SliceTable.pairedNote()).append(SliceTable.paired(both + ": per day", a.name(), days(a), b.name(),
        days(b)));
    a.metrics().slices().forEach((field, rows) -> t.append(SliceTable.paired(both + ": by " + field, a.name(), rows,
        b.name(), b.metrics().slices().getOrDefault(field, List.of()))));
    return t.toString();
  }

  private static List<SliceReport> days(ModelEvaluation m) {
    return List.copyOf(m.metrics().perDay().values());
  }
}
