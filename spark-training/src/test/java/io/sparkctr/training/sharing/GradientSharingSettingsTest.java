package io.sparkctr.training.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.training.TrainSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientSharingSettingsTest {
  private static GradientSharingSettings settings(int controller, int base, String mask, double threshold) {
    return new GradientSharingSettings("", controller, base, mask, threshold, 1, true, Duration.ofSeconds(60));
  }

  @Test
  void defaultsGivePortsPerExecutorAndTheLearningRateAsThreshold(@TempDir Path dir) throws Exception {
    File conf = dir.resolve("gs.conf").toFile();
    Files.writeString(conf.toPath(), "sparkctr.training.master = gradient-sharing\n");
    TrainSettings t = TrainSettings.from(ConfigLoader.load(conf), conf.toString());
    assertEquals(TrainSettings.Master.GRADIENT_SHARING, t.master());
    GradientSharingSettings s = t.sharing();
    assertEquals(24123, s.portOf("driver"));
    assertEquals(24200, s.portOf("0"));
    assertEquals(24207, s.portOf("7"));
    assertEquals(0.002, s.thresholdFor(0.002));
    assertEquals(Duration.ofSeconds(120), s.joinTimeout());
    assertEquals(5e-4, settings(24123, 24200, "", 5e-4).thresholdFor(0.002));
  }

  @Test
  void rejectsOverlappingPortsBadMasksAndThresholds() {
    assertMessage("controller-port 24210 falls inside", () -> settings(24210, 24200, "", 0));
    assertMessage("network-mask '10.0.0/8'", () -> settings(24123, 24200, "10.0.0/8", 0));
    assertMessage("threshold -1.0", () -> settings(24123, 24200, "", -1));
    assertMessage("executor-base-port 65000", () -> settings(24123, 65000, "", 0));
    assertMessage("executor id 'exec-a'", () -> settings(24123, 24200, "", 0).portOf("exec-a"));
  }

  @Test
  void unknownKeysAreRejected(@TempDir Path dir) throws Exception {
    File conf = dir.resolve("typo.conf").toFile();
    Files.writeString(conf.toPath(), "sparkctr.training.gradient-sharing.treshold = 0.01\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(conf));
    assertTrue(e.getMessage().contains("treshold"), e.getMessage());
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable x) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, x);
    assertTrue(e.getMessage().startsWith("Cannot train with gradient sharing") && e.getMessage().contains(part),
        e.getMessage());
  }
}
