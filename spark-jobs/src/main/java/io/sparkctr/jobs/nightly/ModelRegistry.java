package io.sparkctr.jobs.nightly;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import io.sparkctr.common.json.Json;
import io.sparkctr.common.output.StagedOutput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A model registry on any Hadoop file system:
 * <pre>
 *   versions/2026-11-23/   one directory per date: the candidate bundle, its report and result.json,
 *                          complete before it appears (staged and renamed); rejected candidates too
 *   CURRENT                the name of the published version, one line
 *   history/*.json         one file per switch of CURRENT: time, action, version, previous, reason, user
 * </pre>
 * The pointer is replaced by writing a temporary file and renaming it over {@code CURRENT}
 * (atomic on HDFS and local file systems), and only to a complete version directory, so readers
 * always find a complete published model. Operators switch it by hand with {@link #promote} and
 * {@link #rollback} ({@code sparkctr registry}); every switch is recorded with its reason
 * ({@link #history}). A version rolled back from is {@linkplain #demoted demoted}: a nightly re-run
 * of its date does not publish it again; only a promote does.
 */
public final class ModelRegistry {
  public static final String VERSIONS = "versions";
  public static final String CURRENT = "CURRENT";
  /** A version's nightly decision ({@link NightlyResult}). */
  public static final String RESULT = "result.json";
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

  /** Points {@code CURRENT} at an existing, complete version in one rename: the nightly gate passed it. */
  public void publish(String name) {
    if (!complete(name)) {
      throw new IllegalStateException("Cannot publish " + name + ": no complete " + version(name));
    }
    switchTo(name, RegistryEvent.PUBLISH, "passed the nightly gate");
  }

  /**
   * Points {@code CURRENT} at {@code name} by hand.
   *
   * @param force also a version the gate rejected
   * @return the event recorded, or empty when {@code name} was already current
   */
  public Optional<RegistryEvent> promote(String name, String reason, boolean force) {
    requireKnown(name, "promote");
    NightlyResult r = result(name).orElse(null);
    if (r != null && !r.published() && !force) {
      throw new IllegalArgumentException("Cannot promote " + name + ": the nightly gate rejected it " + r.reasons()
          + "; pass --force to promote it anyway");
    }
    if (current().filter(name::equals).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(switchTo(name, RegistryEvent.PROMOTE, reason));
  }

  /**
   * Points {@code CURRENT} back: at {@code to}, or by default at the newest version older than the
   * current one that passed the gate and was not itself rolled back from.
   */
  public RegistryEvent rollback(Optional<String> to, String reason) {
    String cur = current().orElseThrow(() -> new IllegalArgumentException("Cannot roll back " + root
        + ": nothing is published (no " + CURRENT + ")"));
    String target;
    if (to.isPresent()) {
      target = to.get();
      requireKnown(target, "roll back to");
      if (target.equals(cur)) {
        throw new IllegalArgumentException("Cannot roll back to " + target + ": it is already " + CURRENT);
      }
    } else {
      Set<String> down = demoted();
      target = versions().stream().filter(v -> v.compareTo(cur) < 0 && !down.contains(v))
          .filter(v -> result(v).map(NightlyResult::published).orElse(true))
          .reduce((a, b) -> b).orElseThrow(() -> new IllegalArgumentException("Cannot roll back " + root
              + ": no version older than " + cur + " passed the gate; name one with --to"));
    }
    return switchTo(target, RegistryEvent.ROLLBACK, reason);
  }

  /** Whether {@code name} was rolled back from and not promoted since. */
  public boolean demoted(String name) {
    return demoted().contains(name);
  }

  /** The versions rolled back from and not promoted since (one read of the history). */
  public Set<String> demoted() {
    Set<String> out = new HashSet<>();
    for (RegistryEvent e : history()) {
      if (RegistryEvent.ROLLBACK.equals(e.action()) && e.previous() != null) {
        out.add(e.previous());
      }
      out.remove(e.version());
    }
    return out;
  }

  /** Every switch of {@code CURRENT}, oldest first. */
  public List<RegistryEvent> history() {
    return new RegistryHistory(fs, root).read();
  }

  /** The complete versions, in name (date) order. */
  public List<String> versions() {
    Path dir = new Path(root, VERSIONS);
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      return Arrays.stream(fs.listStatus(dir)).filter(FileStatus::isDirectory).map(f -> f.getPath().getName())
          .filter(n -> !n.startsWith(".") && !n.startsWith("_")).filter(this::complete).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The nightly run's decision for a version ({@code result.json}), if it has one. */
  public Optional<NightlyResult> result(String name) {
    return readText(name, RESULT).map(json -> {
      try {
        return Json.PRETTY.readValue(json, NightlyResult.class);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + version(name) + "/" + RESULT + ": " + e.getMessage(), e);
      }
    });
  }

  private void requireKnown(String name, String what) {
    if (!complete(name)) {
      List<String> known = versions();
      throw new IllegalArgumentException("Cannot " + what + " " + name + ": no such version in " + root
          + (known.isEmpty() ? " (it has none)" : "; versions: " + known));
    }
  }

  /** One atomic switch of the pointer, then its event in the history. */
  private RegistryEvent switchTo(String name, String action, String reason) {
    String previous = currentOrNull();
    point(name);
    RegistryEvent e = new RegistryEvent(Instant.now().toString(), action, name, previous, reason,
        System.getProperty("user.name", "unknown"));
    try {
      new RegistryHistory(fs, root).record(e);
    } catch (UncheckedIOException ex) {
      throw new UncheckedIOException(CURRENT + " now names " + name + " (was " + previous + "), but its history "
          + "entry could not be written: " + ex.getMessage(), ex.getCause());
    }
    return e;
  }

  private String currentOrNull() {
    try {
      return current().orElse(null);
    } catch (IllegalStateException e) {
      return null; // a dangling pointer is being repaired
    }
  }

  private void point(String name) {
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
