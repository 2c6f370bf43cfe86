package io.sparkctr.jobs.nightly;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import io.sparkctr.common.output.StagedOutput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A model registry on any Hadoop file system:
 * <pre>
 *   versions/2026-11-23/   one directory per date: the candidate bundle, its report and result.json,
 *                          complete before it appears (staged and renamed); rejected candidates too
 *   CURRENT                the name of the published version, one line
 * </pre>
 * The pointer is replaced by writing a temporary file and renaming it over {@code CURRENT}
 * (atomic on HDFS and local file systems), and only after the version directory is complete, so
 * readers always find a complete published model.
 */
public final class ModelRegistry {
  public static final String VERSIONS = "versions";
  public static final String CURRENT = "CURRENT";
  private final FileSystem fs;
  private final Path root;
  private final Configuration conf;

  public ModelRegistry(String root, Configuration conf) {
    try {
      Path p = new Path(root);
      this.fs = p.getFileSystem(conf);
      this.root = fs.makeQualified(p);
      this.conf = conf;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open model registry " + root + ": " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  public Path version(String name) {
    return new Path(new Path(root, VERSIONS), name);
  }

  /** Whether the version was published whole (its completion marker is present). */
  public boolean complete(String name) {
    return exists(new Path(version(name), StagedOutput.COMPLETE));
  }

  public boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p + ": " + e.getMessage(), e);
    }
  }

  /** The published version's name, if any. */
  public Optional<String> current() {
    Path p = new Path(root, CURRENT);
    try {
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        String name = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!complete(name)) {
          throw new IllegalStateException("Cannot read model registry " + root + ": CURRENT names " + name
              + ", which is not a complete version under " + VERSIONS + "/");
        }
        return Optional.of(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** Points {@code CURRENT} at an existing, complete version in one rename. */
  public void publish(String name) {
    if (!complete(name)) {
      throw new IllegalStateException("Cannot publish " + name + ": no complete " + version(name));
    }
    Path tmp = new Path(root, "." + CURRENT + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(tmp, false)) {
        out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
      }
      FileContext.getFileContext(root.toUri(), conf).rename(tmp, new Path(root, CURRENT), Options.Rename.OVERWRITE);
    } catch (IOException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // best effort
      }
      throw new UncheckedIOException("Cannot switch " + root + "/" + CURRENT + " to " + name + ": " + e.getMessage(), e);
    }
  }

  /** Reads a small text file of a version, if present. */
  public Optional<String> readText(String version, String file) {
    Path p = new Path(version(version), file);
    try {
      if (!complete(version) || !fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
