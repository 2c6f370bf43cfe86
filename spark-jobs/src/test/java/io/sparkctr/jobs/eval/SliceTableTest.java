package io.sparkctr.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.SliceReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-slice differences and the side-by-side slice table. */
class SliceTableTest {
  static SliceReport slice(String value, long n, double auc, double halfWidth, double logloss) {
    return new SliceReport(value, n, n / 10, auc, new Interval(auc - halfWidth, auc + halfWidth, 0.95), 0, logloss,
        new Interval(logloss - 0.01, logloss + 0.01, 0.95), 1.0);
  }

  @Test
  void theDifferenceGetsTheIntervalOfTwoIndependentEstimates() {
    SliceDelta d = SliceDelta.of(slice("a", 1000, 0.70, 0.02, 0.30), slice("a", 1000, 0.65, 0.02, 0.32));
    assertEquals(0.05, d.auc(), 1e-12);
    assertEquals(0.05 - 0.02 * Math.sqrt(2), d.aucCi().lower(), 1e-9);
    assertEquals(0.05 + 0.02 * Math.sqrt(2), d.aucCi().upper(), 1e-9);
    assertEquals(-0.02, d.logloss(), 1e-12);
    assertEquals(0.01 * Math.sqrt(2), d.loglossCi().upper() - d.logloss(), 1e-9);
    // an interval clipped at 1: its wider side gives the standard error
    SliceReport clipped = new SliceReport("b", 10, 1, 0.99, new Interval(0.97, 1.0, 0.95), 0, 0.1, null, 1.0);
    SliceDelta c = SliceDelta.of(clipped, slice("b", 10, 0.99, 0.02, 0.1));
    assertEquals(0.02 * Math.sqrt(2), c.aucCi().upper() - c.auc(), 1e-9);
    assertNull(c.loglossCi(), "no interval without both intervals");
    assertTrue(Double.isNaN(SliceDelta.of(clipped, null).auc()));
  }

  @Test
  void modelAndBaselineSitSideBySideMatchedByValue() {
    String html = SliceTable.paired("m and <b>: by c1", "m", List.of(slice("x", 1000, 0.70, 0.01, 0.30),
        slice("y", 500, 0.60, 0.05, 0.40)), "<b>", List.of(slice("y", 500, 0.62, 0.05, 0.41),
        slice("x", 1000, 0.65, 0.01, 0.31), slice("z", 5, 0.5, 0.3, 0.5)));
    assertTrue(html.contains("<h3>m and &lt;b&gt;: by c1</h3>"), html);
    assertTrue(html.contains("<th>m AUC [CI]</th><th>&lt;b&gt; AUC [CI]</th><th>AUC difference [CI]</th>"), html);
    String x = html.substring(html.indexOf("<tr><td>x</td>"), html.indexOf("<tr><td>y</td>"));
    assertTrue(x.contains("<td class=\"better\">+0.05000 [+0.03586, +0.06414]</td>"), x);
    String y = html.substring(html.indexOf("<tr><td>y</td>"), html.indexOf("<tr><td>z</td>"));
    assertTrue(y.contains("class=\"noise\">-0.02000") && y.contains("within noise"), y);
    assertTrue(html.contains("<tr><td>z</td><td>n/a / 5</td>"), "a value only the baseline has: " + html);
  }
}
