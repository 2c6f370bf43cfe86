package io.sparkctr.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.MetricsJson;
import io.sparkctr.models.metrics.SliceReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's section: the candidate's slices beside the published model's; results written before them still read. */
class NightlyResultTest {
  static final NightlyResult.Metrics M = new NightlyResult.Metrics(1000, 30, 0.75, 0.13, 0.9, 1.01);

  static SliceReport slice(String value, double auc) {
    return new SliceReport(value, 500, 15, auc, new Interval(auc - 0.01, auc + 0.01, 0.95), 0, 0.13, null, 1.0);
  }

  @Test
  void slicesOfBothModelsSitSideBySide() {
    NightlyResult r = new NightlyResult("2026-11-24", true, List.of(), M, "2026-11-23", M, "day", null, 0,
        Map.of("c8", List.of(slice("a", 0.75))), Map.of("c8", List.of(slice("a", 0.70))), List.of());
    String html = r.html();
    assertTrue(html.contains("<h3>Candidate and published model (2026-11-23) on the held-out day by c8</h3>"), html);
    assertTrue(html.contains("<td class=\"better\">+0.05000 [+0.03586, +0.06414]</td>"), html);
    NightlyResult alone = new NightlyResult("2026-11-24", true, List.of(), M, null, null, "day", null, 0,
        Map.of("c8", List.of(slice("a", 0.75))));
    assertTrue(alone.html().contains("<h3>Candidate on the held-out day by c8</h3>"), alone.html());
  }

  @Test
  void aResultWrittenBeforePublishedSlicesWereKeptStillReads() throws Exception {
    ObjectNode json = (ObjectNode) MetricsJson.MAPPER.valueToTree(new NightlyResult("2026-11-24", true, List.of(),
        M, null, null, "day"));
    assertTrue(json.has("previousSlices"), json.toString());
    json.remove("previousSlices");
    NightlyResult r = MetricsJson.MAPPER.treeToValue(json, NightlyResult.class);
    assertEquals(Map.of(), r.previousSlices());
  }
}
