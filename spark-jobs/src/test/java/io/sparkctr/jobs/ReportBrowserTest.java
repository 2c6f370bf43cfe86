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
 * console message (errors, uncaught exceptions, warnings) and every chart drawn with data. Skipped
 * where no Chromium is installed (Debian: {@code apt-get install chromium}); set
 * {@code SPARKCTR_CHROMIUM} to use another binary.
 */
@Tag("integration")
class ReportBrowserTest {
  private static final Pattern CHARTS = Pattern.compile("data-charts=\"([^\"]*)\"");

  static String chromium() {
    String env = System.getenv("SPARKCTR_CHROMIUM");
    for (String c : env != null ? List.of(env) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome")) {
      if (new File(c).canExecute()) {
        return c;
      }
    }
    return null;
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
  void theReportRendersEveryChartWithoutConsoleMessages(@TempDir Path dir) throws Exception {
    ModelEvaluation.Set set = MetricsSchemaTest.sampleSet();
    Path page = dir.resolve("report.html");
    Files.writeString(page, ReportHtml.render("planted", Map.of("rows", "3,000"), set, ""));
    String[] r = render(page, dir);
    assertEquals("", r[0], "console messages");
    assertEquals(new TreeSet<>(ReportHtml.CHARTS_IDS), charts(r[1]));
  }

  @Test
  void theTrendPageRendersWithoutConsoleMessages(@TempDir Path dir) throws Exception {
    var m = new NightlyResult.Metrics(1000, 30, 0.75, 0.13, 0.9, 1.01, new Interval(0.72, 0.78, 0.95), null, 0.01);
    var c = new ModelComparison(1000, 0.01, 0.004, new Interval(0.002, 0.018, 0.95), -0.001, 0.0005, null, 200, "x");
    List<NightlyResult> results = List.of(
        new NightlyResult("2026-11-23", true, List.of(), m, null, null, "d1"),
        new NightlyResult("2026-11-24", false, List.of("AUC <dropped>"), m, "2026-11-23", m, "d2", c, 0, Map.of()));
    Path page = dir.resolve("index.html");
    Files.writeString(page, TrendPage.render("/registry", results));
    String[] r = render(page, dir);
    assertEquals("", r[0], "console messages");
    assertEquals(Set.of("trend-auc", "trend-logloss", "trend-calibration"), charts(r[1]));
    assertTrue(r[1].contains("AUC &lt;dropped&gt;"), "reasons escaped");
  }
}
