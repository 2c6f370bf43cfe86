package io.sparkctr.training.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.common.json.Json;
import io.sparkctr.models.train.EpochStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The training curve as it happens: one JSON line per finished epoch in {@value #FILE} beside the
 * checkpoints, so a run that crashes (or is still running) shows its curve. Each line: epoch,
 * trainLoss, validationAuc, validationLogloss, examplesPerSecond, learningRate, seconds (the fit's),
 * bestEpoch, finished (ISO-8601); where the trainer timed its phases ({@link EpochPhases}) also
 * fitSeconds, trainingLossSeconds, validationSeconds, checkpointSeconds and wallSeconds (the epoch
 * from its start until this line is written), keys that lines
 * of older runs lack. The file is rewritten whole under a temporary name and renamed (object stores
 * cannot append); a resumed run drops the lines of epochs it redoes and keeps the others as written.
 */
public final class EpochLog {
  public static final String FILE = "metrics.jsonl";
  private static final ObjectMapper JSON = Json.COMPACT;
  private final FileSystem fs;
  private final Path file;

  public EpochLog(Path dir, Configuration conf) {
    try {
      this.fs = dir.getFileSystem(conf);
      this.file = new Path(dir, FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use " + dir + " for " + FILE + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Appends {@code s} (and the best epoch so far), dropping any line of an epoch at or after it. */
  public void append(EpochStats s, int bestEpoch) {
    append(s, bestEpoch, null);
  }

  /**
   * As {@link #append(EpochStats, int)}, with the epoch's phases.
   *
   * @param phases the epoch's phases, its checkpoint's included, or null
   */
  public void append(EpochStats s, int bestEpoch, EpochPhases phases) {
    try {
      List<String> lines = new ArrayList<>();
      for (String l : read()) {
        JsonNode n = JSON.readTree(l);
        if (n.path("epoch").asInt() < s.epoch()) {
          lines.add(l);
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epoch", s.epoch());
      m.put("trainLoss", s.trainLoss());
      m.put("validationAuc", s.validationAuc());
      m.put("validationLogloss", s.validationLogloss());
      m.put("examplesPerSecond", s.examplesPerSecond());
      m.put("learningRate", s.learningRate());
      m.put("seconds", s.seconds());
      m.put("bestEpoch", bestEpoch);
      m.put("finished", Instant.now().toString());
      if (phases != null) {
        EpochPhases.Timing t = phases.timing();
        for (String phase : List.of(EpochPhases.FIT, EpochPhases.TRAINING_LOSS, EpochPhases.VALIDATION,
            EpochPhases.CHECKPOINT)) {
          m.put(phase + "Seconds", t.seconds(phase));
        }
        m.put("wallSeconds", t.wallSeconds());
      }
      lines.add(JSON.writeValueAsString(m));
      fs.mkdirs(file.getParent());
      Path tmp = new Path(file.getParent(), "." + FILE + ".tmp-" + UUID.randomUUID());
      try (OutputStream out = fs.create(tmp, false)) {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        throw new IOException("rename of " + tmp + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The lines written so far (none if the file does not exist). */
  public List<String> read() throws IOException {
    List<String> lines = new ArrayList<>();
    if (!fs.exists(file)) {
      return lines;
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (!l.isBlank()) {
          lines.add(l);
        }
      }
    }
    return lines;
  }
}
