package io.sparkctr.training;

import io.sparkctr.training.progress.EpochLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who owns a checkpoint directory, and what in it a training run may remove. A run claims the
 * directory before training ({@link #claim}): a missing one is created and marked as created by
 * the run ({@value #MARKER}); an existing one must be empty or hold only checkpoint files of a
 * training run (the marker, {@code epoch-NNNN}, their temporaries, the epoch log, the features'
 * manifest), else the run is
 * refused naming what it holds. {@link #removeOwn} deletes only those files, logging each, and the
 * directory itself only if a run created it. A checkpoint directory written before the marker
 * existed (only {@code epoch-NNNN} and the epoch log) is accepted as a training run's.
 */
final class CheckpointDir {
  /** Written into every claimed directory; its content says whether a run created the directory. */
  static final String MARKER = "_SPARKCTR_CHECKPOINTS";
  private static final String CREATED = "created-by-sparkctr";
  private static final int NAMED = 5;
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointDir.class);
  private final FileSystem fs;
  private final Path dir;

  CheckpointDir(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** Whether a training run writes (and so may remove) an entry of this name. */
  static boolean isOwn(String name) {
    return name.equals(MARKER) || name.equals(EpochLog.FILE) || name.equals(Checkpoints.MANIFEST) || name.matches("epoch-\\d{4}")
        || name.startsWith(".epoch-") || name.startsWith("." + EpochLog.FILE + ".tmp-");
  }

  /**
   * Creates and marks the directory, or checks that an existing one is a training run's.
   *
   * @throws IllegalArgumentException "Cannot use checkpoint directory D: it holds a, b (n entries) ..."
   */
  void claim() {
    try {
      if (fs.exists(new Path(dir, MARKER))) {
        refuseForeign();
        return;
      }
      boolean created = !fs.exists(dir);
      if (created && !fs.mkdirs(dir)) {
        throw new IOException("mkdirs failed");
      }
      if (!created && !fs.getFileStatus(dir).isDirectory()) {
        throw new IllegalArgumentException("Cannot use checkpoint directory " + dir + ": it is a file");
      }
      refuseForeign();
      try (OutputStream out = fs.create(new Path(dir, MARKER), true)) {
        out.write(((created ? CREATED : "existing") + " " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use checkpoint directory " + dir + ": " + e.getMessage(), e);
    } catch (org.apache.hadoop.fs.FSError e) { // a local disk's write failed (e.g. full)
      throw new UncheckedIOException("Cannot use checkpoint directory " + dir + ": " + e.getCause().getMessage(),
          new IOException(e.getCause()));
    }
  }

  private void refuseForeign() throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      names.add(s.getPath().getName());
    }
    // a run's side files count as its own only beside its marker or its checkpoints: a lone file of the
    // user's that happens to be named metrics.jsonl is not taken (and later removed)
    boolean run = names.stream().anyMatch(n -> n.equals(MARKER) || n.matches("epoch-\\d{4}"));
    List<String> foreign = new ArrayList<>();
    for (String n : names) {
      boolean side = n.equals(EpochLog.FILE) || n.equals(Checkpoints.MANIFEST);
      if (!isOwn(n) || (side && !run)) {
        foreign.add(n);
      }
    }
    if (!foreign.isEmpty()) {
      String named = String.join(", ", foreign.subList(0, Math.min(NAMED, foreign.size())));
      throw new IllegalArgumentException("Cannot use checkpoint directory " + dir + ": it holds " + named
          + (foreign.size() > NAMED ? " and " + (foreign.size() - NAMED) + " more" : "")
          + ", which are not checkpoints of a sparkctr training run (give --checkpoints an empty or new directory)");
    }
  }

  /** Removes the run's files (logging each) and the directory if a run created it and it is then empty. */
  void removeOwn() {
    try {
      if (!fs.exists(dir)) {
        return;
      }
      boolean created = createdByRun();
      List<String> removed = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        String name = s.getPath().getName();
        if (isOwn(name) && !name.equals(MARKER)) {
          fs.delete(s.getPath(), true);
          removed.add(name);
        }
      }
      fs.delete(new Path(dir, MARKER), false);
      boolean empty = fs.listStatus(dir).length == 0;
      if (created && empty) {
        fs.delete(dir, false);
      }
      LOG.info("Removed the checkpoints under {}: {}{}", dir, removed.isEmpty() ? "no files" : String.join(", ", removed),
          created && empty ? ", and the directory the run created" : " (the directory stays)");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove checkpoints under " + dir + ": " + e.getMessage(), e);
    }
  }

  private boolean createdByRun() throws IOException {
    Path marker = new Path(dir, MARKER);
    if (!fs.exists(marker)) {
      return false;
    }
    try (InputStream in = fs.open(marker)) {
      return new String(in.readNBytes(64), StandardCharsets.UTF_8).startsWith(CREATED);
    }
  }
}
