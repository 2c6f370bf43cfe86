package io.sparkctr.features.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output directory written under a hidden staging sibling ({@code .<name>.staging-<uuid>}) and
 * published by one rename, so readers see either nothing or the complete output. An existing
 * target is an error unless {@code overwrite}; then it is moved aside, replaced, and deleted.
 * {@link #abort()} removes the staging directory of a failed run.
 *
 * <p>On HDFS and local file systems the rename is atomic. On object stores (s3a) a directory
 * rename is a copy: publish there is as atomic as the store allows.
 */
public final class StagedOutput {
  private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);
  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final boolean overwrite;

  private StagedOutput(FileSystem fs, Path target, Path staging, boolean overwrite) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
  }

  /** Checks the target and creates the staging directory. */
  public static StagedOutput begin(String output, boolean overwrite, Configuration conf) {
    if (output == null || output.isEmpty()) {
      throw new IllegalArgumentException("Cannot write output: no output path (set output.path or pass --output)");
    }
    try {
      Path target = new Path(output);
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      if (fs.exists(target) && !overwrite) {
        throw new IllegalArgumentException("Cannot write output: " + target
            + " already exists (set output.overwrite = true to replace it)");
      }
      Path staging = new Path(target.getParent(), "." + target.getName() + ".staging-" + UUID.randomUUID());
      if (!fs.mkdirs(staging)) {
        throw new IOException("mkdirs failed for " + staging);
      }
      return new StagedOutput(fs, target, staging, overwrite);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write output " + output + ": " + e.getMessage(), e);
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
      if (!fs.rename(staging, target)) {
        throw new IOException("rename " + staging + " -> " + target + " failed");
      }
      if (replaced != null) {
        fs.delete(replaced, true);
      }
      LOG.info("Published {}", target);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish output " + target + ": " + e.getMessage(), e);
    }
  }

  /** Removes the staging directory; the target is untouched. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("Could not remove staging directory {}: {}", staging, e.getMessage());
    }
  }
}
