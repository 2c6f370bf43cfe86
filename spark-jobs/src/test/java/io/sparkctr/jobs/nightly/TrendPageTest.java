package io.sparkctr.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.jobs.EvaluateJob;
import io.sparkctr.jobs.NightlyJob;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trend page's table: the current version marked, each version's report linked, rollbacks named. */
class TrendPageTest {
  static NightlyResult result(String date, boolean published) {
    return new NightlyResult(date, published, published ? List.of() : List.of("AUC dropped"),
        new NightlyResult.Metrics(1000, 30, 0.75, 0.13, 0.9, 1.01), null, null, "day");
  }

  @Test
  void theCurrentVersionIsMarkedAndEveryVersionLinksItsReport() {
    String html = TrendPage.render("/registry", List.of(result("2026-11-23", true), result("2026-11-24", true),
        result("2026-11-25", false)), "2026-11-23", Set.of("2026-11-24"));
    assertTrue(html.contains("CURRENT: <strong>2026-11-23</strong>"), "named in the intro");
    assertTrue(html.contains("<tr class=\"current\"><td>2026-11-23 <strong>current</strong></td>"), "row marked");
    assertEquals(1, html.split("class=\"current\"", -1).length - 1, "one current row");
    assertTrue(html.contains("<td class=\"better\">published, rolled back from</td>"), "rollback named");
    for (String v : List.of("2026-11-23", "2026-11-24", "2026-11-25")) {
      assertTrue(html.contains("<a href=\"../versions/" + v + "/report/report.html\">report</a>"), v);
    }
    assertEquals(NightlyJob.REPORT + "/" + EvaluateJob.REPORT, TrendPage.REPORT, "where the nightly writes it");
    assertTrue(html.contains("\"current\":\"2026-11-23\""), "the charts' data names it");
  }

  @Test
  void withoutACurrentVersionNothingIsMarked() {
    String html = TrendPage.render("/registry", List.of(result("2026-11-23", false)), null, Set.of());
    assertTrue(html.contains("CURRENT: none."), html);
    assertFalse(html.contains("class=\"current\""));
  }
}
