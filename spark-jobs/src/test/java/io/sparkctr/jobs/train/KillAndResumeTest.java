package io.sparkctr.jobs.train;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.cli.Main;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.models.train.EpochStats;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill: {@code sparkctr train} runs in its own JVM, is killed with SIGKILL once its first
 * checkpoint exists; nothing is published, a rerun without {@code --resume} is refused, and
 * {@code --resume} then finishes with the same epochs as an uninterrupted run.
 */
@Tag("integration")
class KillAndResumeTest {
  static final String THREE_EPOCHS = "sparkctr.training { epochs = 3, early-stopping-patience = 3 }";

  @Test
  void killedTrainingResumesFromItsLastCheckpoint(@TempDir Path dir) throws Exception {
    String features = PlantedFeatures.features();
    Path conf = dir.resolve("train.conf");
    Files.writeString(conf, PlantedFeatures.config(THREE_EPOCHS).root().render(
        com.typesafe.config.ConfigRenderOptions.concise()));
    String out = dir.resolve("model").toString();
    Path checkpoints = Path.of(TrainJob.defaultCheckpoints(out));

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Xmx")).toList());
    cmd.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=4",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", "--conf", conf.toString(), "--features", features, "--model-out", out));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (!Files.isDirectory(checkpoints.resolve("epoch-0001")) && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(child.isAlive(), "the child trains past epoch 1: " + Files.readString(dir.resolve("child.log")));
    child.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    assertFalse(new File(out).exists(), "a killed run publishes nothing");
    TrainJob.Params again = new TrainJob.Params(PlantedFeatures.config(THREE_EPOCHS), "train.conf", features, out,
        checkpoints.toString(), false, false);
    String refused = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(SparkTestSession.get(), again))
        .getMessage();
    assertTrue(refused.contains("--resume"), "a rerun without --resume is refused: " + refused);

    TrainJob.Result r = TrainJob.run(SparkTestSession.get(), new TrainJob.Params(PlantedFeatures.config(THREE_EPOCHS),
        "train.conf", features, out, checkpoints.toString(), true, false));
    List<Integer> epochs = r.training().state().epochs().stream().map(EpochStats::epoch).toList();
    assertEquals(List.of(1, 2, 3), epochs);
    assertTrue(new File(out, "model.zip").isFile());
  }
}
