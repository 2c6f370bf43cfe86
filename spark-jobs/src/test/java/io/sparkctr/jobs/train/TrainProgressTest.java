package io.sparkctr.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.training.progress.EpochLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress of a training epoch, read from the log: lines with the examples fitted so far appear
 * while the epoch runs (before its end-of-epoch line), growing; every Spark job carries its phase as
 * its description; each finished epoch is a line of the JSON-lines curve beside the checkpoints.
 */
@Tag("integration")
class TrainProgressTest {
  static final Pattern FIT = Pattern.compile("train: epoch 1/2: fit \\((\\d+) averaging rounds\\): ([\\d,]+)/([\\d,]+) "
      + "examples");

  @Test
  void progressLinesDuringTheEpochJobDescriptionsAndTheCurve(@TempDir Path dir) throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    // the log as the jobs write it: the logger config of io.sparkctr (the tests' log4j2-test.properties)
    AbstractAppender capture = new AbstractAppender("capture-progress", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent e) {
        log.add(e.getLoggerName() + " " + e.getMessage().getFormattedMessage());
      }
    };
    capture.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    LoggerConfig sparkctr = cfg.getLoggerConfig("io.sparkctr.common.progress.Progress");
    Level before = sparkctr.getLevel();
    sparkctr.setLevel(Level.INFO);
    sparkctr.addAppender(capture, Level.INFO, null);
    ctx.updateLoggers();
    List<String> descriptions = Collections.synchronizedList(new ArrayList<>());
    SparkContext sc = SparkTestSession.get().sparkContext();
    SparkListener jobs = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        descriptions.add(String.valueOf(e.properties().getProperty("spark.job.description")));
      }
    };
    sc.addSparkListener(jobs);
    sc.setLocalProperty(Progress.INTERVAL, "0"); // a line on every finished task: no timing in this test
    try {
      TrainJob.Params p = PlantedFeatures.train(dir, "sparkctr.training { epochs = 2, keep-checkpoints = true }",
          false);
      TrainJob.run(SparkTestSession.get(), p);

      List<String> lines = new ArrayList<>(log);
      int epochEnd = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("DistributedTrainer epoch 1/2  loss")) {
          epochEnd = i;
          break;
        }
      }
      assertTrue(epochEnd > 0, "end of epoch 1 logged: " + lines);
      assertTrue(Pattern.compile("\\(fit [\\d.]+ s, training loss [\\d.]+ s, validation [\\d.]+ s, checkpoint [\\d.]+ s; "
          + "epoch [\\d.]+ s\\)").matcher(lines.get(epochEnd)).find(), "the epoch's phases: " + lines.get(epochEnd));
      List<Long> done = new ArrayList<>();
      for (String l : lines.subList(0, epochEnd)) {
        Matcher m = FIT.matcher(l);
        if (m.find()) {
          assertEquals("20,000", m.group(3), l); // the training rows of an epoch
          assertEquals("10", m.group(1), l);     // 79 batches, 2 workers × averaging frequency 4
          done.add(Long.parseLong(m.group(2).replace(",", "")));
        }
      }
      assertTrue(done.stream().filter(n -> n > 0 && n < 20_000).count() >= 3, "progress within the epoch: " + done);
      for (int i = 1; i < done.size(); i++) {
        assertTrue(done.get(i) >= done.get(i - 1), "examples only grow: " + done);
      }
      // the last line counts what DL4J's workers fitted: each fits at most averaging-frequency minibatches per
      // round and drops the rest of its share (DL4J's own split: 18,432 = 72 full batches of the 79 here; the
      // one-pass rounds leave only a larger partition's surplus beyond the last round)
      long last = done.get(done.size() - 1);
      assertTrue(last > 17_000 && last <= 20_000, "examples fitted in the epoch: " + done);

      sc.listenerBus().waitUntilEmpty();
      List<String> seen = new ArrayList<>(descriptions);
      assertTrue(seen.contains("train: epoch 2/2: fit (10 averaging rounds)"), "job descriptions: " + seen);
      assertTrue(seen.contains("train: epoch 1/2: training loss and validation metrics"), "" + seen);

      Path curve = Path.of(p.checkpoints().replaceFirst("^file:", ""), EpochLog.FILE);
      List<String> epochs = Files.readAllLines(curve);
      assertEquals(2, epochs.size(), "one line per epoch: " + epochs);
      JsonNode second = Json.COMPACT.readTree(epochs.get(1));
      assertEquals(2, second.get("epoch").asInt());
      assertTrue(second.get("validationAuc").asDouble() > 0.6, epochs.get(1));
      assertTrue(second.has("trainLoss") && second.has("bestEpoch") && second.has("finished"), epochs.get(1));
      double phases = 0;
      for (String phase : List.of("fit", "trainingLoss", "validation", "checkpoint")) {
        double sec = second.get(phase + "Seconds").asDouble();
        assertTrue(sec > 0, phase + ": " + epochs.get(1));
        phases += sec;
      }
      assertTrue(second.get("wallSeconds").asDouble() >= phases, epochs.get(1));
      assertEquals(second.get("seconds").asDouble(), second.get("fitSeconds").asDouble(), 1e-9, epochs.get(1));
    } finally {
      sc.setLocalProperty(Progress.INTERVAL, null);
      sc.removeSparkListener(jobs);
      sparkctr.removeAppender(capture.getName());
      sparkctr.setLevel(before);
      ctx.updateLoggers();
      capture.stop();
    }
  }
}
