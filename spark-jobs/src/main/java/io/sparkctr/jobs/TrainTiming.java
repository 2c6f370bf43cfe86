package io.sparkctr.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sparkctr.common.json.Json;
import io.sparkctr.training.progress.EpochPhases;
import io.sparkctr.training.progress.RunTiming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A train job's end-to-end rate: the examples trained over all epochs / the wall time from the
 * command's start to the model, reading, validation, checkpoints and publishing included, and where
 * that time went. The bundle records it as {@link TrainJob#TIMING_FILE}, written before the bundle is
 * published (so up to publishing); the job's last line, after publishing, includes the publishing.
 *
 * @param examplesTrained training rows × epochs trained by this run
 * @param startupSeconds from the command's start until the job began (JVM and Spark session)
 * @param trainSeconds the job's manifest checks, the trainer's run and the bundle in memory
 * @param run where the trainer's run went ({@link RunTiming})
 * @param publishSeconds publishing the bundle (0 until it is published)
 */
public record TrainTiming(long examplesTrained, double startupSeconds, double trainSeconds, RunTiming run,
                          double publishSeconds) {
  /** Seconds from the command's start to the published model (to publishing, before it is published). */
  public double seconds() {
    return startupSeconds + trainSeconds + publishSeconds;
  }

  /** Examples trained per second of {@link #seconds}. */
  public double examplesPerSecond() {
    return examplesTrained / seconds();
  }

  /** The same timing once publishing took {@code seconds}. */
  public TrainTiming published(double seconds) {
    return new TrainTiming(examplesTrained, startupSeconds, trainSeconds, run, seconds);
  }

  /** {@link TrainJob#TIMING_FILE}'s content. */
  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("examplesTrained", examplesTrained);
    m.put("secondsToPublishing", seconds());
    m.put("examplesPerSecond", examplesPerSecond());
    m.put("startupSeconds", startupSeconds);
    m.put("readingSeconds", run.startSeconds());
    m.put("finishSeconds", run.finishSeconds());
    m.put("otherSeconds", otherSeconds());
    List<Map<String, Object>> epochs = new ArrayList<>();
    for (EpochPhases.Timing e : run.epochs()) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("epoch", e.epoch());
      e.phaseSeconds().forEach((phase, s) -> em.put(phase + "Seconds", s));
      em.put("wallSeconds", e.wallSeconds());
      epochs.add(em);
    }
    m.put("epochs", epochs);
    try {
      return Json.PRETTY.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize the train timing", e);
    }
  }

  /** The job's closing line: the rate and the wall time by phase over all epochs. */
  public String line() {
    return String.format("end to end %,d examples in %.1f s from the command's start to the published model: %,.0f "
        + "examples/s (startup %.1f s, reading %.1f s, fit %.1f s, training loss %.1f s, validation %.1f s, "
        + "checkpoints %.1f s, kept epoch's validation %.1f s, publishing %.1f s, other %.1f s)", examplesTrained,
        seconds(), examplesPerSecond(), startupSeconds, run.startSeconds(), run.total(EpochPhases.FIT),
        run.total(EpochPhases.TRAINING_LOSS), run.total(EpochPhases.VALIDATION), run.total(EpochPhases.CHECKPOINT),
        run.finishSeconds(), publishSeconds, otherSeconds());
  }

  /** What no phase accounts for: the job's checks and the epochs' bookkeeping (the curve, the schedule). */
  private double otherSeconds() {
    double phases = run.startSeconds() + run.finishSeconds();
    for (String p : List.of(EpochPhases.FIT, EpochPhases.TRAINING_LOSS, EpochPhases.VALIDATION,
        EpochPhases.CHECKPOINT)) {
      phases += run.total(p);
    }
    return Math.max(0, trainSeconds - phases);
  }
}
