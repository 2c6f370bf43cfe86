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
 * ({@link #history}). Versions are names inside {@code versions/}, never paths. A {@code CURRENT}
 * that names no complete version is reported with how to fix it: {@link #repair}, or a forced
 * promote. A version rolled back from is {@linkplain #demoted demoted}: a nightly re-run
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

  /** The Hadoop configuration the registry was opened with. */
  public Configuration conf() {
    return conf;
  }

  /** @throws IllegalArgumentException "Cannot open model registry R: no such directory" */
  public ModelRegistry requireExisting() {
    try {
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new IllegalArgumentException("Cannot open model registry " + root + ": not a directory");
      }
      return this;
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("Cannot open model registry " + root + ": no such directory (the nightly "
          + "run creates it; check --registry)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open model registry " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * The directory of version {@code name}.
   *
   * @throws IllegalArgumentException for a name that is not a version name ({@link #requireName})
   */
  public Path version(String name) {
    return new Path(new Path(root, VERSIONS), requireName(name));
  }

  /** Whether {@code name} can name a version: letters, digits, '.', '_' and '-', not starting with '.' or '_'. */
  public static boolean isName(String name) {
    return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !name.contains("..");
  }

  /** @throws IllegalArgumentException "Cannot use version X: a version is a name inside the registry ..." */
  static String requireName(String name) {
    if (!isName(name)) {
      throw new IllegalArgumentException("Cannot use version '" + name + "': a version is a name inside the "
          + "registry's " + VERSIONS + "/ (e.g. 2026-11-23), never a path");
    }
    return name;
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

  /**
   * The published version's name, if any.
   *
   * @throws IllegalArgumentException when {@code CURRENT} names no complete version (hand-edited,
   *     or its version removed), with how to repair it
   */
  public Optional<String> current() {
    Optional<String> raw = pointer();
    if (raw.isPresent() && !(isName(raw.get()) && complete(raw.get()))) {
      throw new IllegalArgumentException("Cannot read model registry " + root + ": " + CURRENT + " names '"
          + shortened(raw.get()) + "', which is not a complete version under " + VERSIONS + "/ (repair it with "
          + "'sparkctr registry repair --registry " + root + " --reason ...', or promote a version with --force)");
    }
    return raw;
  }

  /** Whether {@code CURRENT} exists and names no complete version. */
  public boolean brokenPointer() {
    Optional<String> raw = pointer();
    return raw.isPresent() && !(isName(raw.get()) && complete(raw.get()));
  }

  /**
   * What {@code CURRENT} holds, trimmed, unchecked. Read past a local file system's {@code .crc}
   * file: an operator may edit the pointer by hand.
   */
  private Optional<String> pointer() {
    Path p = new Path(root, CURRENT);
    FileSystem raw = fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    try {
      if (!raw.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = raw.open(p)) {
        return Optional.of(new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static String shortened(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() > 80 ? one.substring(0, 80) + "..." : one;
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
    requirePassedOrForced(name, "promote", force);
    if (force && brokenPointer()) {
      return Optional.of(switchTo(name, RegistryEvent.PROMOTE, reason));
    }
    if (current().filter(name::equals).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(switchTo(name, RegistryEvent.PROMOTE, reason));
  }

  /**
   * Replaces a {@code CURRENT} that names no complete version by the newest version that passed
   * the gate and was not rolled back from.
   *
   * @return the event, or empty when {@code CURRENT} was sound (nothing to repair)
   */
  public Optional<RegistryEvent> repair(String reason) {
    if (!brokenPointer()) {
      return Optional.empty();
    }
    Set<String> down = demoted();
    String target = versions().stream().filter(v -> !down.contains(v))
        .filter(v -> result(v).map(NightlyResult::published).orElse(true)).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalArgumentException("Cannot repair " + root + ": no version passed the gate; "
            + "promote one with --force"));
    return Optional.of(switchTo(target, RegistryEvent.REPAIR, reason));
  }

  private void requirePassedOrForced(String name, String what, boolean force) {
    NightlyResult r = result(name).orElse(null);
    if (r != null && !r.published() && !force) {
      throw new IllegalArgumentException("Cannot " + what + " " + name + ": the nightly gate rejected it "
          + r.reasons() + "; pass --force to " + what + " it anyway");
    }
  }

  /**
   * Points {@code CURRENT} back: at {@code to}, or by default at the newest version older than the
   * current one that passed the gate and was not itself rolled back from.
   */
  public RegistryEvent rollback(Optional<String> to, String reason, boolean force) {
    String cur = current().orElseThrow(() -> new IllegalArgumentException("Cannot roll back " + root
        + ": nothing is published (no " + CURRENT + ")"));
    String target;
    if (to.isPresent()) {
      target = to.get();
      requireKnown(target, "roll back to");
      requirePassedOrForced(target, "roll back to", force);
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
          .filter(ModelRegistry::isName).filter(this::complete).sorted().toList();
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
    requireName(name);
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

  /** The current version, or what a broken {@code CURRENT} held (shortened), or null. */
  private String currentOrNull() {
    return brokenPointer() ? "(broken: " + shortened(pointer().orElse("")) + ")" : current().orElse(null);
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
