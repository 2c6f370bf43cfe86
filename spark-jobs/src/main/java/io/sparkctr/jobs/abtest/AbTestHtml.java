package io.sparkctr.jobs.abtest;

import static io.sparkctr.jobs.eval.ReportHtml.escape;

import io.sparkctr.jobs.abtest.AbTestReport.ArmDay;
import io.sparkctr.jobs.abtest.AbTestReport.ArmLine;
import io.sparkctr.jobs.abtest.AbTestReport.Comparison;
import io.sparkctr.jobs.abtest.AbTestReport.DayLine;
import io.sparkctr.jobs.eval.ReportHtml;
import java.util.Locale;

/**
 * The self-contained {@code report.html} of an A/B readout, in the evaluation report's style ({@link ReportHtml}'s
 * page, Chart.js inlined): the sample-ratio check first (a mismatch in red: no lift below can be trusted), then the
 * arms, the lifts with their intervals by unit, the always-valid p-values and confidence sequences, a chart of the
 * cumulative lift by day, the per-day lines and the settings (the mSPRT's mixing variance among them).
 */
public final class AbTestHtml {
  /** Draws each comparison's cumulative lift, its fixed-horizon interval and its confidence sequence by day. */
  static final String SCRIPT = String.join("\n",
      "const r = JSON.parse(document.getElementById('report-data').textContent);",
      "const labels = r.days.map(d => d.day);",
      "const keys = r.comparisons.map(c => c.arm + ' ' + c.metric);",
      "keys.forEach((k, i) => {",
      "  const pick = f => r.days.map(d => d.cumulative[i][f]);",
      "  const canvas = document.createElement('canvas'); document.getElementById('charts').appendChild(canvas);",
      "  new Chart(canvas, {type: 'line', data: {labels, datasets: [",
      "    {label: k + ' lift', data: pick('lift'), borderColor: '#036'},",
      "    {label: 'interval (fixed horizon)', data: pick('lower'), borderColor: '#999', borderDash: [4, 4]},",
      "    {label: '', data: pick('upper'), borderColor: '#999', borderDash: [4, 4]},",
      "    {label: 'confidence sequence', data: pick('sequenceLower'), borderColor: '#a60'},",
      "    {label: ' ', data: pick('sequenceUpper'), borderColor: '#a60'}]},",
      "    options: {plugins: {title: {display: true, text: 'cumulative ' + k + ' by day'}}}});",
      "});", "");

  private AbTestHtml() {}

  public static String render(AbTestReport r) {
    StringBuilder h = new StringBuilder("<h1>sparkctr A/B test</h1>\n<p>").append(escape(r.settings().logs()))
        .append(" (").append(escape(r.data().firstDay())).append(" to ").append(escape(r.data().lastDay()))
        .append(")</p>\n");
    h.append(srm(r.sampleRatio()));
    h.append("<h2>Arms</h2>\n<table><tr><th>arm</th><th>units</th><th>impressions</th><th>clicks</th><th>CTR</th>")
        .append(r.settings().valueField() == null ? "" : "<th>value</th><th>value per impression</th>").append("</tr>\n");
    for (ArmLine a : r.arms()) {
      h.append("<tr><td>").append(escape(a.arm())).append("</td><td>").append(num(a.units())).append("</td><td>")
          .append(num(a.impressions())).append("</td><td>").append(num(a.clicks())).append("</td><td>")
          .append(f(a.ctr())).append("</td>").append(a.value() == null ? "" : "<td>" + num(a.value()) + "</td><td>"
              + f(a.valuePerImpression()) + "</td>").append("</tr>\n");
    }
    h.append("</table>\n<h2>Lift over ").append(escape(r.settings().control())).append("</h2>\n");
    h.append(comparisons(r));
    h.append("<h2>By day</h2>\n<div id=\"charts\" class=\"charts\"></div>\n").append(days(r));
    h.append(settings(r));
    return ReportHtml.page("sparkctr A/B test: " + r.settings().logs(), h.toString(), ReportHtml.scriptJson(r), SCRIPT);
  }

  private static String srm(SampleRatio s) {
    return "<h2>Sample ratio</h2>\n<p class=\"" + (s.mismatch() ? "worse" : "better") + "\">" + (s.mismatch()
        ? "Sample-ratio mismatch: the units per arm do not follow the planned split; the assignment or the logging "
            + "is broken and the lifts below cannot be trusted."
        : "The units per arm follow the planned split.") + "</p>\n<p class=\"note\">units " + escape(
            s.units().toString()) + ", planned " + escape(s.expected().toString()) + ": chi-square "
        + f(s.chiSquare()) + " (" + s.degreesOfFreedom() + " df), p = " + p(s.pValue()) + ", mismatch below p = "
        + s.threshold() + "</p>\n";
  }

  private static String comparisons(AbTestReport r) {
    int level = (int) Math.round(r.settings().confidence() * 100);
    StringBuilder t = new StringBuilder("<table><tr><th>arm</th><th>metric</th><th>control</th><th>arm</th>"
        + "<th>lift [" + level + "% interval by unit]</th><th>p (read once)</th><th>always-valid p</th>"
        + "<th>confidence sequence</th></tr>\n");
    for (Comparison c : r.comparisons()) {
      String cls = c.alwaysValidP() < 1 - r.settings().confidence() ? (c.lift() > 0 ? "better" : "worse") : "noise";
      t.append("<tr><td>").append(escape(c.arm())).append("</td><td>").append(escape(c.metric())).append("</td><td>")
          .append(f(c.controlMean())).append("</td><td>").append(f(c.armMean())).append("</td><td class=\"")
          .append(cls).append("\">").append(pct(c.lift())).append(" <span class=\"ci\">[").append(pct(c.lower()))
          .append(", ").append(pct(c.upper())).append("]</span></td><td>").append(p(c.pValue())).append("</td><td>")
          .append(p(c.alwaysValidP())).append("</td><td>[").append(pct(c.sequenceLower())).append(", ")
          .append(pct(c.sequenceUpper())).append("]</td></tr>\n");
    }
    return t.append("</table>\n<p class=\"note\">Read the lift daily by the always-valid p and the confidence "
        + "sequence (mSPRT); the fixed-horizon interval and p hold only when read once, at the planned end.</p>\n")
        .toString();
  }

  private static String days(AbTestReport r) {
    StringBuilder t = new StringBuilder("<table><tr><th>day</th><th>arm</th><th>units so far</th><th>impressions</th>"
        + "<th>clicks</th><th>CTR</th><th>lift so far</th><th>always-valid p</th></tr>\n");
    for (DayLine d : r.days()) {
      for (ArmDay a : d.arms()) {
        Comparison c = d.cumulative().stream().filter(x -> x.arm().equals(a.arm()) && x.metric().equals("ctr"))
            .findFirst().orElse(null);
        t.append("<tr><td>").append(escape(d.day())).append("</td><td>").append(escape(a.arm())).append("</td><td>")
            .append(num(a.unitsSoFar())).append("</td><td>").append(num(a.impressions())).append("</td><td>")
            .append(num(a.clicks())).append("</td><td>").append(f(a.ctr())).append("</td><td>")
            .append(c == null ? "" : pct(c.lift())).append("</td><td>").append(c == null ? "" : p(c.alwaysValidP()))
            .append("</td></tr>\n");
      }
    }
    return t.append("</table>\n").toString();
  }

  private static String settings(AbTestReport r) {
    AbTestReport.Settings s = r.settings();
    return "<h2>Settings</h2>\n<table><tr><td>unit field (the randomization unit)</td><td>" + escape(s.unitField())
        + "</td></tr><tr><td>arm, click, value, time fields</td><td>" + escape(s.armField() + ", " + s.clickField()
        + ", " + s.valueField() + ", " + s.timeField()) + "</td></tr><tr><td>planned split</td><td>"
        + escape(s.expectedSplit() + " from " + s.expectedSplitSource()) + "</td></tr><tr><td>mSPRT mixing variance "
        + "(tau^2, relative lift)</td><td>" + s.mixingVariance() + " (tau = " + f(Math.sqrt(s.mixingVariance()))
        + ")</td></tr><tr><td>rows read, skipped (a field missing)</td><td>" + num(r.data().rowsRead()) + ", "
        + num(r.data().rowsSkipped()) + "</td></tr><tr><td>units seen in several arms</td><td>"
        + num(r.data().unitsInSeveralArms()) + "</td></tr></table>\n";
  }

  static String f(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5f", v) : "n/a";
  }

  static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.2f%%", 100 * v) : "n/a";
  }

  static String p(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, v < 1e-4 ? "%.2e" : "%.4f", v) : "n/a";
  }

  static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "n/a";
  }
}
