package io.sparkctr.jobs.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.MetricsJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained {@code report.html} of an evaluation: model cards, metrics with confidence
 * intervals (a delta against a baseline is coloured only when its paired interval excludes zero),
 * slices (a model and its baseline side by side with the per-slice difference), and six charts
 * drawn by Chart.js, whose UMD build is inlined, so the page needs no network. Charts are drawn
 * complete at load, without animation ({@link #STATIC_CHARTS}): a screenshot, a print or a headless
 * browser never catches a curve half drawn. Every string that comes from data or config is escaped: text with {@link #escape},
 * the embedded chart data as JSON whose {@code < > &} are written as unicode escapes.
 */
public final class ReportHtml {
  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
  /** The canvas ids of the charts, in page order. */
  public static final List<String> CHARTS_IDS = List.of("roc", "pr", "reliability", "scores", "days", "training");

  /** Run before a page script: Chart.js draws each chart in its final state when it is created. */
  static final String STATIC_CHARTS = "Chart.defaults.animation = false;\n";

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

  /** JSON safe inside a script element (NaN as null): no {@code </script>}, no comment or entity openers. */
  public static String scriptJson(Object value) {
    try {
      return MetricsJson.COMPACT.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e")
          .replace("&", "\\u0026");
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
   * A whole page: {@code body} (escaped HTML), Chart.js inlined, {@code data} as #report-data, then
   * {@code script} after {@link #STATIC_CHARTS}.
   */
  public static String page(String title, String body, String data, String script) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n"
        + "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
        + "th:first-child,td:first-child{text-align:left}.charts{display:grid;grid-template-columns:1fr 1fr;gap:2em}"
        + ".better{color:#060;font-weight:bold}.worse{color:#a00;font-weight:bold}.noise{color:#777}"
        + ".ci{color:#555;font-size:90%}.note{color:#555;font-size:90%}tr.current{background:#fff3c4}"
        + "</style>\n</head><body>\n" + body
        + "<script>" + chartJs().replace("</script", "<\\/script") + "</script>\n"
        + "<script id=\"report-data\" type=\"application/json\">" + data + "</script>\n"
        + "<script>\n" + STATIC_CHARTS + script + "</script>\n</body></html>\n";
  }

  /**
   * @param title page title (e.g. the features path)
   * @param data data facts to list, name → value
   * @param set the evaluated model first, then the baseline if any, and their comparison
   * @param sectionHtml trusted, already escaped HTML placed after the metric table (e.g. a gate decision)
   */
  public static String render(String title, Map<String, String> data, ModelEvaluation.Set set, String sectionHtml) {
    List<ModelEvaluation> models = set.models();
    StringBuilder h = new StringBuilder("<h1>sparkctr evaluation</h1>\n<p>").append(escape(title)).append("</p>\n");
    h.append(ReportTables.cards(models));
    h.append(ReportTables.metrics(models, set.comparison()));
    h.append(sectionHtml);
    h.append("<h2>Data</h2>\n<table>");
    data.forEach((k, v) -> h.append("<tr><td>").append(escape(k)).append("</td><td>").append(escape(v))
        .append("</td></tr>"));
    h.append("</table>\n<h2>Charts</h2>\n<div class=\"charts\">\n");
    for (String id : CHARTS_IDS) {
      h.append("<div><canvas id=\"").append(id).append("\"></canvas></div>\n");
    }
    h.append("</div>\n");
    h.append(ReportTables.slices(models));
    return page("sparkctr evaluation: " + title, h.toString(), scriptJson(models), ReportCharts.SCRIPT);
  }

  /** "0.71234 [0.70012, 0.72456]" or "n/a". */
  static String withInterval(double v, Interval ci) {
    String s = format(v);
    return ci == null ? s : s + " <span class=\"ci\">[" + format(ci.lower()) + ", " + format(ci.upper()) + "]</span>";
  }

  static String format(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    return v == Math.rint(v) && Math.abs(v) > 1 ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.5f", v);
  }

  static String count(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }
}
