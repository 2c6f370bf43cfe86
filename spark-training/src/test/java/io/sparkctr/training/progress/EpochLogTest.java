package io.sparkctr.training.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void phasesAreNewKeysAndOlderLinesStayAsWritten(@TempDir Path dir) throws Exception {
    EpochLog log = new EpochLog(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration());
    // a line of a run before the phases were recorded, then an epoch with them
    String older = "{\"epoch\":1,\"trainLoss\":0.49,\"validationAuc\":0.7,\"validationLogloss\":0.45,"
        + "\"examplesPerSecond\":1000.0,\"learningRate\":0.001,\"seconds\":12.5,\"bestEpoch\":1,"
        + "\"finished\":\"2026-12-01T00:00:00Z\"}";
    java.nio.file.Files.writeString(dir.resolve(EpochLog.FILE), older + "\n");
    EpochPhases phases = new EpochPhases(2);
    phases.time(EpochPhases.FIT, () -> sleep(20));
    phases.time(EpochPhases.VALIDATION, () -> sleep(10));
    phases.time(EpochPhases.CHECKPOINT, () -> sleep(5));
    log.append(epoch(2, 0.72), 2, phases);
    assertEquals(older, log.read().get(0));
    JsonNode n = lines(log).get(1);
    assertEquals(12.5, n.get("seconds").asDouble()); // the old key keeps its meaning: the fit's seconds
    assertTrue(n.get("fitSeconds").asDouble() >= 0.02, n.toString());
    assertTrue(n.get("validationSeconds").asDouble() >= 0.01, n.toString());
    assertTrue(n.get("checkpointSeconds").asDouble() >= 0.005, n.toString());
    assertEquals(0.0, n.get("trainingLossSeconds").asDouble(), n.toString()); // not run this epoch
    assertTrue(n.get("wallSeconds").asDouble() >= n.get("fitSeconds").asDouble() + n.get("validationSeconds")
        .asDouble() + n.get("checkpointSeconds").asDouble(), n.toString());
    java.util.Map<String, Double> two = new java.util.LinkedHashMap<>();
    two.put(EpochPhases.TRAINING_LOSS, 1.5);
    two.put(EpochPhases.VALIDATION, 2.0);
    assertEquals("training loss 1.5 s, validation 2.0 s", EpochPhases.describe(new EpochPhases.Timing(3, two, 4)));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
