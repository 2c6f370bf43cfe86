package io.sparkctr.common.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output directory written under a hidden staging sibling ({@code .<name>.staging-<uuid>}) and
 * published by one rename, so readers see either nothing or the complete output. An existing
 * target is an error unless {@code overwrite}; then it is moved aside, replaced, and deleted.
 * {@link #close()} removes the staging directory unless it was published, so a job writes
 * {@code try (StagedOutput out = StagedOutput.begin(...)) { ...; out.publish(); }} and a failure of
 * any kind (Spark's undeclared checked {@code SparkException} included) leaves nothing behind.
 * {@link #begin} first refuses an output that would destroy or feed back into what the job reads
 * ({@link OutputGuard}), and cleans what a killed earlier run on the same output left: staging
 * directories are removed; a target moved aside by an interrupted publish is put back. A staging
 * directory carries its owner and a heartbeat ({@link StagingOwner}); one whose heartbeat is fresh
 * is a live run's, is never removed, and fails the second writer at once.
 *
 * <p>On HDFS and local file systems the rename is atomic. On object stores (s3a) a directory
 * rename is a copy, so a reader could see a directory half copied: publish therefore writes the
 * completion marker {@value #COMPLETE} into the target last, and every reader of a sparkctr output
 * calls {@link #requireComplete} first.
 */
public final class StagedOutput implements AutoCloseable {
  /** The file written last into every published directory; readers require it. */
  public static final String COMPLETE = "_SPARKCTR_COMPLETE";
  /** Hadoop configuration key holding the job's Spark application id, named in a staging directory's owner. */
  public static final String APPLICATION_ID_KEY = StagingOwner.APP_ID_KEY;
  private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);
  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private final StagingOwner owner;
  private boolean published;

  private StagedOutput(FileSystem fs, Path target, Path staging, boolean overwrite, StagingOwner owner) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
    this.owner = owner;
  }

  /**
   * Checks the target against what the job reads, cleans leftovers of killed runs and creates the
   * staging directory.
   *
   * @param reads every path the job reads (input, models, registry); see {@link OutputGuard}
   */
  public static StagedOutput begin(String output, boolean overwrite, Configuration conf, OutputGuard.Read... reads) {
    if (output == null || output.isEmpty()) {
      throw new IllegalArgumentException("Cannot write output: no output path (set output.path or pass --output)");
    }
    OutputGuard.check(output, conf, reads);
    try {
      Path target = new Path(output);
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      cleanLeftovers(fs, target, StagingOwner.LIVE);
      if (fs.exists(target) && !overwrite) {
        throw new IllegalArgumentException("Cannot write output: " + target
            + " already exists (pass --overwrite to replace it)");
      }
      Path staging = new Path(target.getParent(), "." + target.getName() + ".staging-" + UUID.randomUUID());
      if (!fs.mkdirs(staging)) {
        throw new IOException("cannot create " + staging + whyNotWritable(fs, target.getParent()));
      }
      StagingOwner owner;
      try {
        owner = StagingOwner.start(fs, staging, conf);
      } catch (IOException | RuntimeException e) {
        fs.delete(staging, true);
        throw e;
      }
      return new StagedOutput(fs, target, staging, overwrite, owner);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write output " + output + ": " + e.getMessage(), e);
    }
  }

  /**
   * Why a directory cannot be created under {@code parent}: Hadoop's {@code mkdirs} says only
   * "false"; creating a file there names the cause ("Read-only file system", "Permission denied").
   */
  private static String whyNotWritable(FileSystem fs, Path parent) {
    Path probe = new Path(parent, ".sparkctr-write-probe-" + UUID.randomUUID());
    try {
      fs.create(probe, false).close();
      fs.delete(probe, false);
      return "";
    } catch (IOException | RuntimeException e) {
      return ": " + e.getMessage();
    }
  }

  public Path staging() {
    return staging;
  }

  public Path target() {
    return target;
  }

  public String stagingChild(String name) {
    return new Path(staging, name).toString();
  }

  public void writeText(String name, String text) {
    try (OutputStream out = fs.create(new Path(staging, name), false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + name + " under " + staging + ": " + e.getMessage(), e);
    }
  }

  /** Moves the staging directory to the target in one rename. */
  public void publish() {
    owner.close();
    try {
      Path replaced = null;
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new IllegalStateException("Cannot publish output: " + target + " appeared while the job ran");
        }
        replaced = new Path(target.getParent(), "." + target.getName() + ".replaced-" + UUID.randomUUID());
        if (!fs.rename(target, replaced)) {
          throw new IOException("rename " + target + " -> " + replaced + " failed");
        }
      }
      fs.delete(new Path(staging, COMPLETE), false); // copied in with another output: it must come last
      if (!fs.rename(staging, target)) {
        throw new IOException("rename " + staging + " -> " + target + " failed");
      }
      published = true;
      fs.create(new Path(target, COMPLETE), false).close();
      if (replaced != null) {
        fs.delete(replaced, true);
      }
      LOG.info("Published {}", target);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish output " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses to read {@code dir} unless a publish completed it ({@value #COMPLETE} present).
   *
   * @param what what the directory should be, for the message ("features", "model bundle", ...)
   */
  public static void requireComplete(String dir, Configuration conf, String what) {
    Path p = new Path(dir);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("Cannot read " + what + " " + dir + ": no such directory");
      }
      if (!fs.exists(new Path(p, COMPLETE))) {
        throw new IllegalArgumentException("Cannot read " + what + " " + dir + ": it has no " + COMPLETE
            + " marker, so it is incomplete (a copy or a run still under way, or interrupted), or was not written"
            + " by sparkctr " + "(outputs of versions before the marker: create the empty file " + COMPLETE
            + " in it once you have checked it is whole)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + what + " " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Removes the staging directory unless published; the target is untouched. */
  @Override
  public void close() {
    if (!published) {
      abort();
    }
  }

  /** Removes the staging directory; the target is untouched. */
  public void abort() {
    owner.close();
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("Could not remove staging directory {}: {}", staging, e.getMessage());
    }
  }

  /**
   * Removes the staging directories of earlier runs on {@code target} that died without cleaning up
   * ({@code kill -9}), and puts back a target that an interrupted publish had moved aside. A staging
   * directory whose heartbeat is younger than {@code live} is a live run's ({@link StagingOwner}):
   * this run fails at once instead.
   *
   * @throws OutputInUseException "Cannot write X: another run (app ..., started ...) is writing it"
   */
  static void cleanLeftovers(FileSystem fs, Path target, java.time.Duration live) throws IOException {
    Path parent = target.getParent();
    if (parent == null || !fs.exists(parent)) {
      return;
    }
    String staging = "." + target.getName() + ".staging-";
    String replaced = "." + target.getName() + ".replaced-";
    FileStatus[] entries = fs.listStatus(parent);
    // first whether a live run writes the target: then nothing here is touched (not even a moved-aside target)
    for (FileStatus s : entries) {
      if (s.getPath().getName().startsWith(staging)) {
        String owner = StagingOwner.liveOwner(fs, s.getPath(), live);
        if (owner != null) {
          throw new OutputInUseException("Cannot write " + target + ": another run (" + owner + ") is writing it ("
              + s.getPath() + "; a run that died is taken for dead " + live.toSeconds() + " s after its last heartbeat)");
        }
      }
    }
    for (FileStatus s : entries) {
      String name = s.getPath().getName();
      if (name.startsWith(staging)) {
        LOG.warn("Removing {}: the staging directory of an earlier run on {} that did not finish", s.getPath(), target);
        fs.delete(s.getPath(), true);
      } else if (name.startsWith(replaced)) {
        if (fs.exists(target)) {
          LOG.warn("Removing {}: an earlier output of {} replaced by a run that did not clean up", s.getPath(), target);
          fs.delete(s.getPath(), true);
        } else if (fs.rename(s.getPath(), target)) {
          LOG.warn("Restored {} from {}: an earlier run died while replacing it", target, s.getPath());
        }
      }
    }
  }
}
