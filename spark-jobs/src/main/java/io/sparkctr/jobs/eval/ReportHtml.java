package io.sparkctr.jobs.eval;

import io.sparkctr.common.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained {@code report.html} of an evaluation: metric tables (with deltas against a
 * baseline) and four charts drawn by Chart.js, whose UMD build is inlined, so the page needs no
 * network. Every string that comes from data or config is escaped: text with {@link #escape},
 * the embedded chart data as JSON whose {@code < > &} are written as unicode escapes.
 */
public final class ReportHtml {
  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
  private static final ObjectMapper JSON = Json.COMPACT;

  private ReportHtml() {}

  /** HTML text escaping for element content and quoted attribute values. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** JSON safe inside a script element: no {@code </script>}, no comment or entity openers. */
  static String scriptJson(Object value) {
    try {
      return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize report data", e);
    }
  }

  static String chartJs() {
    try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(CHART_JS)) {
      if (in == null) {
        throw new IllegalStateException("Cannot render report: " + CHART_JS + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + CHART_JS, e);
    }
  }

  /**
   * @param title page title (e.g. the features path)
   * @param data data counts to list, name → value
   * @param models the evaluated model first, then the baseline if any
   */
  public static String render(String title, Map<String, String> data, List<ModelEvaluation> models) {
    return render(title, data, models, "");
  }

  /** @param sectionHtml trusted, already escaped HTML placed after the metric table (e.g. a gate decision) */
  public static String render(String title, Map<String, String> data, List<ModelEvaluation> models,
                              String sectionHtml) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>sparkctr evaluation: ")
        .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
            + "th:first-child,td:first-child{text-align:left}.charts{display:grid;grid-template-columns:1fr 1fr;gap:2em}"
            + ".better{color:#060}.worse{color:#a00}</style>\n</head><body>\n<h1>sparkctr evaluation</h1>\n<p>")
        .append(escape(title)).append("</p>\n");
    h.append(metricsTable(models));
    h.append(sectionHtml);
    h.append("<h2>Data</h2>\n<table>");
    data.forEach((k, v) -> h.append("<tr><td>").append(escape(k)).append("</td><td>").append(escape(v))
        .append("</td></tr>"));
    h.append("</table>\n<div class=\"charts\">\n");
    for (String id : List.of("roc", "reliability", "days", "training")) {
      h.append("<div><canvas id=\"").append(id).append("\"></canvas></div>\n");
    }
    h.append("</div>\n<script>").append(chartJs().replace("</script", "<\\/script")).append("</script>\n");
    h.append("<script id=\"report-data\" type=\"application/json\">").append(scriptJson(models)).append("</script>\n");
    h.append("<script>\n").append(CHARTS).append("</script>\n</body></html>\n");
    return h.toString();
  }

  private static String metricsTable(List<ModelEvaluation> models) {
    StringBuilder t = new StringBuilder("<h2>Metrics</h2>\n<table><tr><th>metric</th>");
    for (ModelEvaluation m : models) {
      t.append("<th>").append(escape(m.name() + " (" + m.type() + ")")).append("</th>");
    }
    if (models.size() == 2) {
      t.append("<th>delta</th>");
    }
    t.append("</tr>\n");
    row(t, models, "AUC", m -> m.metrics().auc(), true);
    row(t, models, "logloss", m -> m.metrics().logloss(), false);
    row(t, models, "normalized entropy", m -> m.metrics().normalizedEntropy(), false);
    row(t, models, "calibration (mean p / rate)", m -> m.metrics().calibration(), null);
    row(t, models, "GAUC", m -> m.metrics().gauc(), true);
    row(t, models, "impressions", m -> (double) m.metrics().count(), null);
    row(t, models, "clicks", m -> (double) m.metrics().positives(), null);
    t.append("</table>\n<p>Models: ");
    for (ModelEvaluation m : models) {
      t.append(escape(m.name())).append(" = ").append(escape(m.path())).append("; ");
    }
    return t.append("</p>\n").toString();
  }

  private static void row(StringBuilder t, List<ModelEvaluation> models, String name,
                          java.util.function.ToDoubleFunction<ModelEvaluation> f, Boolean higherIsBetter) {
    t.append("<tr><td>").append(name).append("</td>");
    for (ModelEvaluation m : models) {
      t.append("<td>").append(format(f.applyAsDouble(m))).append("</td>");
    }
    if (models.size() == 2) {
      double d = f.applyAsDouble(models.get(0)) - f.applyAsDouble(models.get(1));
      String cls = higherIsBetter == null || d == 0 || Double.isNaN(d) ? ""
          : (d > 0) == higherIsBetter ? " class=\"better\"" : " class=\"worse\"";
      t.append("<td").append(cls).append(">").append(Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%+.5f", d))
          .append("</td>");
    }
    t.append("</tr>\n");
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v == Math.rint(v) && Math.abs(v) > 1 ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.5f", v);
  }

  private static final String CHARTS = """
      const models = JSON.parse(document.getElementById('report-data').textContent);
      const colors = ['#1f77b4', '#ff7f0e'];
      const lineOpts = (title, x, y) => ({responsive: true, plugins: {title: {display: true, text: title}},
        scales: {x: {type: 'linear', title: {display: true, text: x}}, y: {title: {display: true, text: y}}}});
      new Chart(document.getElementById('roc'), {type: 'line',
        data: {datasets: models.map((m, i) => ({label: m.name, data: m.roc.map(p => ({x: p[0], y: p[1]})),
          borderColor: colors[i], pointRadius: 0})).concat([{label: 'chance', data: [{x: 0, y: 0}, {x: 1, y: 1}],
          borderColor: '#999', borderDash: [4, 4], pointRadius: 0}])},
        options: lineOpts('ROC curve', 'false positive rate', 'true positive rate')});
      new Chart(document.getElementById('reliability'), {type: 'line',
        data: {datasets: models.map((m, i) => ({label: m.name,
          data: m.metrics.reliability.filter(b => b.count > 0).map(b => ({x: b.meanPrediction, y: b.observedRate})),
          borderColor: colors[i]})).concat([{label: 'perfect calibration', data: [{x: 0, y: 0}, {x: 1, y: 1}],
          borderColor: '#999', borderDash: [4, 4], pointRadius: 0}])},
        options: lineOpts('Reliability diagram', 'mean prediction', 'observed click rate')});
      const days = Object.keys(models[0].metrics.perDayAuc).sort();
      new Chart(document.getElementById('days'), {type: 'bar',
        data: {labels: days, datasets: models.map((m, i) => ({label: m.name,
          data: days.map(d => m.metrics.perDayAuc[d]), backgroundColor: colors[i]}))},
        options: {plugins: {title: {display: true, text: 'AUC per day'}}}});
      new Chart(document.getElementById('training'), {type: 'line',
        data: {datasets: models.flatMap((m, i) => [
          {label: m.name + ' validation AUC', data: m.training.epochs.map(e => ({x: e.epoch, y: e.validationAuc})),
           borderColor: colors[i], yAxisID: 'auc'},
          {label: m.name + ' training loss', data: m.training.epochs.map(e => ({x: e.epoch, y: e.trainLoss})),
           borderColor: colors[i], borderDash: [5, 3], yAxisID: 'loss'}])},
        options: {plugins: {title: {display: true, text: 'Training curves'}}, scales: {
          x: {type: 'linear', title: {display: true, text: 'epoch'}, ticks: {stepSize: 1}},
          auc: {position: 'left', title: {display: true, text: 'validation AUC'}},
          loss: {position: 'right', title: {display: true, text: 'training loss'}}}}});
      """;
}
