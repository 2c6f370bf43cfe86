package io.sparkctr.training.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.models.train.EpochStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-epoch curve: one line per epoch as training goes; a resumed run replaces the epochs it redoes. */
class EpochLogTest {
  static EpochStats epoch(int n, double auc) {
    return new EpochStats(n, 0.5 - n * 0.01, auc, 0.45, 1000.0 * n, 0.001, 12.5);
  }

  static List<JsonNode> lines(EpochLog log) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : log.read()) {
      out.add(Json.COMPACT.readTree(l));
    }
    return out;
  }

  @Test
  void appendsOneLinePerEpochAndAResumeReplacesWhatItRedoes(@TempDir Path dir) throws Exception {
    EpochLog log = new EpochLog(new org.apache.hadoop.fs.Path(dir.resolve("ckpt").toUri()), new Configuration());
    assertEquals(List.of(), log.read());
    log.append(epoch(1, 0.70), 1);
    log.append(epoch(2, 0.72), 2);
    log.append(epoch(3, 0.71), 2);
    List<JsonNode> l = lines(log);
    assertEquals(3, l.size());
    assertEquals(2, l.get(1).get("epoch").asInt());
    assertEquals(0.72, l.get(1).get("validationAuc").asDouble());
    assertEquals(2, l.get(2).get("bestEpoch").asInt());
    assertEquals(0.47, l.get(2).get("trainLoss").asDouble(), 1e-12);

    // a run that crashed after writing epoch 3 but resumed from checkpoint 1 redoes epoch 2 onwards
    log.append(epoch(2, 0.73), 2);
    l = lines(log);
    assertEquals(2, l.size());
    assertEquals(0.73, l.get(1).get("validationAuc").asDouble());
  }
}
