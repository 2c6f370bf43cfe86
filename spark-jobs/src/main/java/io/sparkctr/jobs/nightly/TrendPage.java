package io.sparkctr.jobs.nightly;

import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.jobs.eval.ReportHtml;
import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.MetricsJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The registry's trend page, {@code <registry>/}{@value #DIR}{@code /}{@value #PAGE}: every version's
 * held-out AUC (with its interval), logloss, calibration and gate decision by date, from the
 * versions' {@code result.json}, each row linking the version's report. The version {@code CURRENT}
 * names is marked (a highlighted row saying "current", a large diamond in the charts), and versions
 * rolled back from say so. Rewritten (staged, then swapped in) after each nightly run and after each
 * switch by {@code sparkctr registry promote|rollback|repair}.
 */
public final class TrendPage {
  public static final String DIR = "trend";
  public static final String PAGE = "index.html";
  /** A version's report inside its directory, as the nightly run writes it. */
  public static final String REPORT = "report/report.html";

  private TrendPage() {}

  /** The results of every version that has one, oldest first. */
  public static List<NightlyResult> results(ModelRegistry registry, Configuration hadoop) {
    Path versions = new Path(registry.root(), ModelRegistry.VERSIONS);
    List<NightlyResult> out = new ArrayList<>();
    try {
      FileSystem fs = versions.getFileSystem(hadoop);
      if (!fs.exists(versions)) {
        return out;
      }
      List<String> names = new ArrayList<>();
      for (FileStatus f : fs.listStatus(versions)) {
        if (f.isDirectory() && !f.getPath().getName().startsWith(".") && !f.getPath().getName().startsWith("_")) {
          names.add(f.getPath().getName());
        }
      }
      names.sort(null);
      for (String v : names) {
        Optional<String> json = registry.readText(v, "result.json");
        if (json.isPresent()) {
          out.add(MetricsJson.MAPPER.readValue(json.get(), NightlyResult.class));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the results of " + versions + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the page from every version's result, marking the version {@code CURRENT} names (none
   * when it is missing or broken).
   */
  public static void write(ModelRegistry registry, Configuration hadoop) {
    String current = registry.brokenPointer() ? null : registry.current().orElse(null);
    String html = render(registry.root().toString(), results(registry, hadoop), current, registry.demoted());
    try (StagedOutput out = StagedOutput.begin(new Path(registry.root(), DIR).toString(), true, hadoop)) {
      out.writeText(PAGE, html);
      out.publish();
    }
  }

  /**
   * The page of {@code results} (oldest first) of the registry at {@code registry}.
   *
   * @param current the version {@code CURRENT} names, or null
   * @param demoted the versions rolled back from (and not promoted since)
   */
  public static String render(String registry, List<NightlyResult> results, String current, Set<String> demoted) {
    StringBuilder b = new StringBuilder("<h1>sparkctr nightly trend</h1>\n<p>Registry ")
        .append(ReportHtml.escape(registry)).append(": held-out day metrics of each candidate, the published model "
            + "on the same rows, and the gate's decision. ").append(ModelRegistry.CURRENT).append(": ")
        .append(current == null ? "none" : "<strong>" + ReportHtml.escape(current) + "</strong>")
        .append(".</p>\n<div class=\"charts\">\n");
    for (String id : CHARTS) {
      b.append("<div><canvas id=\"").append(id).append("\"></canvas></div>\n");
    }
    b.append("</div>\n<table><tr><th>date</th><th>decision</th><th>candidate AUC [CI]</th><th>published AUC</th>"
        + "<th>AUC difference [CI]</th><th>logloss</th><th>calibration</th><th>reasons</th><th>report</th></tr>\n");
    for (NightlyResult r : results) {
      row(b, r, r.date().equals(current), demoted.contains(r.date()));
    }
    b.append("</table>\n");
    return TrendScript.page("sparkctr nightly trend: " + registry, b.toString(), results, current);
  }

  private static void row(StringBuilder b, NightlyResult r, boolean current, boolean demoted) {
    String date = ReportHtml.escape(r.date());
    b.append(current ? "<tr class=\"current\"><td>" + date + " <strong>current</strong>" : "<tr><td>" + date)
        .append("</td><td class=\"").append(r.published() ? "better\">published" : "worse\">rejected")
        .append(demoted ? ", rolled back from" : "").append("</td><td>")
        .append(cell(r.candidate().auc(), r.candidate().aucCi())).append("</td><td>")
        .append(cell(r.previousMetrics() == null ? Double.NaN : r.previousMetrics().auc(), null)).append("</td><td>")
        .append(r.comparison() == null ? "n/a" : cell(r.comparison().aucDelta(), r.comparison().aucDeltaCi()))
        .append("</td><td>").append(cell(r.candidate().logloss(), r.candidate().loglossCi())).append("</td><td>")
        .append(cell(r.candidate().calibration(), null)).append("</td><td>")
        .append(ReportHtml.escape(String.join("; ", r.reasons()))).append("</td><td><a href=\"")
        .append(ReportHtml.escape(reportLink(r.date()))).append("\">report</a></td></tr>\n");
  }

  /** The link from the page to a version's report: {@code ../versions/<version>/report/report.html}. */
  static String reportLink(String version) {
    return "../" + ModelRegistry.VERSIONS + "/" + URLEncoder.encode(version, StandardCharsets.UTF_8) + "/" + REPORT;
  }

  static final List<String> CHARTS = List.of("trend-auc", "trend-logloss", "trend-calibration");

  private static String cell(double v, Interval ci) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.5f", v) + (ci == null ? "" : String.format(Locale.ROOT, " [%.5f, %.5f]",
        ci.lower(), ci.upper()));
  }
}
