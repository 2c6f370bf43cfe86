package io.sparkctr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkctr.jobs.eval.MetricsSchemaTest;
import io.sparkctr.jobs.eval.ModelEvaluation;
import io.sparkctr.jobs.eval.ReportHtml;
import io.sparkctr.jobs.nightly.NightlyResult;
import io.sparkctr.jobs.nightly.TrendPage;
import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.ModelComparison;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation report and the registry's trend page rendered by a real headless Chromium: no
 * console message (errors, uncaught exceptions, warnings), every chart drawn with data and complete
 * at load (a probe script appended to the page runs right after the page's own script and checks
 * that every drawn point already sits where its data puts it: no animation still to run), the ROC
 * curve point by point from (0, 0) to (1, 1). Skipped where no Chromium is installed (Debian:
 * {@code apt-get install chromium}; {@code .ci/run} installs it); set {@code SPARKCTR_CHROMIUM} to
 * use another binary.
 */
@Tag("integration")
class ReportBrowserTest {
  private static final Pattern CHARTS = Pattern.compile("data-charts=\"([^\"]*)\"");
  private static final List<String> BINARIES = List.of("chromium", "chromium-browser", "google-chrome");

  /**
   * Runs synchronously after the page script: {@code data-settled} lists the charts whose every
   * point (line, bar) is at its final position, not mid-animation; {@code data-roc} says how many of
   * the first ROC curve's points are drawn where its data puts them, and where the data starts and ends.
   */
  static final String PROBE = """
      <script>
      (() => {
        const same = (a, b) => Object.is(a, b) || Math.abs(a - b) < 0.5;
        const settled = c => c.getSortedVisibleDatasetMetas().every(m => m.data.every(e => {
          const f = e.getProps(['x', 'y'], true);
          return same(e.x, f.x) && same(e.y, f.y);
        }));
        document.body.setAttribute('data-settled', Object.entries(window.sparkctrCharts)
          .filter(([k, c]) => settled(c)).map(([k]) => k).sort().join(' '));
        const roc = window.sparkctrCharts.roc;
        if (roc) {
          const data = JSON.parse(document.getElementById('report-data').textContent)[0].roc;
          const points = roc.getDatasetMeta(0).data;
          const placed = points.filter((e, k) => same(e.x, roc.scales.x.getPixelForValue(data[k][0]))
            && same(e.y, roc.scales.y.getPixelForValue(data[k][1]))).length;
          document.body.setAttribute('data-roc', points.length + ' points, ' + placed + ' in place, from '
            + data[0] + ' to ' + data[data.length - 1]);
        }
      })();
      </script>
      """;

  static String chromium() {
    String env = System.getenv("SPARKCTR_CHROMIUM");
    if (env != null) {
      return new File(env).canExecute() ? env : null;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String b : BINARIES) {
        if (new File(dir, b).canExecute()) {
          return new File(dir, b).getPath();
        }
      }
    }
    return null;
  }

  /** The page with {@link #PROBE} run right after its own script. */
  static String probed(String html) {
    int end = html.lastIndexOf("</body>");
    return html.substring(0, end) + PROBE + html.substring(end);
  }

  static String attribute(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), name + " missing: the probe did not run");
    return m.group(1);
  }

  /** Loads the page headless; returns {console lines, DOM after the scripts ran}. */
  static String[] render(Path page, Path dir) throws Exception {
    String bin = chromium();
    assumeTrue(bin != null, "no Chromium installed");
    Path dom = dir.resolve("dom.html");
    Path log = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(bin, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=3000", "--dump-dom", page.toUri().toString())
        .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
    String console = String.join("\n", Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(":CONSOLE")).toList());
    return new String[] {console, Files.readString(dom)};
  }

  static Set<String> charts(String dom) {
    Matcher m = CHARTS.matcher(dom);
    assertTrue(m.find(), "the page script did not finish");
    return new TreeSet<>(Arrays.asList(m.group(1).split(" ")));
  }

  @Test
  void theReportRendersEveryChartCompleteAtLoadWithoutConsoleMessages(@TempDir Path dir) throws Exception {
    ModelEvaluation.Set set = MetricsSchemaTest.sampleSet();
    Path page = dir.resolve("report.html");
    Files.writeString(page, probed(ReportHtml.render("planted", Map.of("rows", "3,000"), set, "")));
    String[] r = render(page, dir);
    assertEquals("", r[0], "console messages");
    assertEquals(new TreeSet<>(ReportHtml.CHARTS_IDS), charts(r[1]));
    assertEquals(String.join(" ", new TreeSet<>(ReportHtml.CHARTS_IDS)), attribute(r[1], "data-settled"),
        "charts still animating after the page script");
    int n = set.models().get(0).roc().length;
    assertEquals(n + " points, " + n + " in place, from 0,0 to 1,1", attribute(r[1], "data-roc"),
        "the ROC curve drawn whole at load");
    assertTrue(r[1].contains("model and baseline: per day") && r[1].contains("AUC difference [CI]"),
        "slices side by side");
  }

  @Test
  void theTrendPageRendersWithoutConsoleMessages(@TempDir Path dir) throws Exception {
    var m = new NightlyResult.Metrics(1000, 30, 0.75, 0.13, 0.9, 1.01, new Interval(0.72, 0.78, 0.95), null, 0.01);
    var c = new ModelComparison(1000, 0.01, 0.004, new Interval(0.002, 0.018, 0.95), -0.001, 0.0005, null, 200, "x");
    List<NightlyResult> results = List.of(
        new NightlyResult("2026-11-23", true, List.of(), m, null, null, "d1"),
        new NightlyResult("2026-11-24", false, List.of("AUC <dropped>"), m, "2026-11-23", m, "d2", c, 0, Map.of()));
    Path page = dir.resolve("index.html");
    Files.writeString(page, probed(TrendPage.render("/registry", results, "2026-11-23", Set.of())));
    String[] r = render(page, dir);
    assertEquals("", r[0], "console messages");
    assertEquals(Set.of("trend-auc", "trend-logloss", "trend-calibration"), charts(r[1]));
    assertEquals("trend-auc trend-calibration trend-logloss", attribute(r[1], "data-settled"), "no animation");
    assertTrue(r[1].contains("AUC &lt;dropped&gt;"), "reasons escaped");
    assertTrue(r[1].contains("<tr class=\"current\"><td>2026-11-23 <strong>current</strong>"), "current marked");
  }
}
