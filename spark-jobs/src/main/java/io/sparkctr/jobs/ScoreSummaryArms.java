package io.sparkctr.jobs;

import io.sparkctr.models.bundle.ModelBundle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The part of {@code score}'s {@code summary.json} that arms add: {@code arms} (each arm's name, fraction, model,
 * recalibration factor and rows scored, counted from the written scores) and {@code assignment}
 * ({@link io.sparkctr.features.arms.ArmSplit#describe}), which {@code abtest --assignment} reads as the planned split.
 */
final class ScoreSummaryArms {
  private ScoreSummaryArms() {}

  static Map<String, Object> of(Dataset<Row> scores, ScoreArms arms, List<ModelBundle> bundles) {
    Map<String, Long> rows = new HashMap<>();
    scores.groupBy("arm").count().collectAsList().forEach(r -> rows.put(r.getString(0), r.getLong(1)));
    List<Map<String, Object>> list = new ArrayList<>();
    for (int a = 0; a < bundles.size(); a++) {
      String name = arms.split().names().get(a);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("fraction", arms.split().arms().get(a).fraction());
      m.put("model", arms.models().get(a));
      m.put("recalibrationFactor", bundles.get(a).recalibrationFactor());
      m.put("scored", rows.getOrDefault(name, 0L));
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("arms", list);
    out.put("assignment", arms.split().describe(arms.unitField()));
    return out;
  }
}
