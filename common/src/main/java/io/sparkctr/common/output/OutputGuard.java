package io.sparkctr.common.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;

/**
 * Refuses, before any work, an output that would destroy or feed back into what the job reads
 * (inputs, models, configuration files and their includes, ...).
 * An output may not be, or contain, a path the job reads (an overwrite would delete it), nor lie
 * inside one (the next run would read its own output), nor be matched by an input glob. Paths are
 * compared fully qualified; on the local file system symbolic links are resolved first.
 *
 * <p>Example: {@code check("/data", conf, Read.input("/data/logs/*.csv"))} throws
 * "Cannot write /data: it contains the input /data/logs".
 */
public final class OutputGuard {
  private static final String GLOB_CHARS = "*?[{\\";

  /** A path a job reads, with what it is (input, model, registry, ...) for the message. */
  public static final class Read {
    final String kind;
    final String path;

    private Read(String kind, String path) {
      this.kind = kind;
      this.path = path;
    }

    public static Read input(String path) {
      return new Read("input", path);
    }

    public static Read model(String path) {
      return new Read("model", path);
    }

    public static Read of(String kind, String path) {
      return new Read(kind, path);
    }

    /** A local configuration file (the JVM reads it with java.io), whatever the default file system. */
    public static Read config(String localPath) {
      return new Read("configuration file", new java.io.File(localPath).getAbsoluteFile().toURI().toString());
    }

    /** {@link #config} of each file. */
    public static Read[] configs(java.util.List<String> localPaths) {
      return localPaths.stream().map(Read::config).toArray(Read[]::new);
    }

    /** {@code first} followed by {@code rest}. */
    public static Read[] concat(Read[] first, Read... rest) {
      Read[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
      System.arraycopy(rest, 0, all, first.length, rest.length);
      return all;
    }
  }

  private OutputGuard() {}

  /**
   * @param output the path the job will write, replace or delete
   * @param reads what the job reads; {@code null} entries or paths are skipped
   * @throws IllegalArgumentException "Cannot write X: it contains the input Y" and its siblings
   */
  public static void check(String output, Configuration conf, Read... reads) {
    try {
      Path out = canonical(new Path(output), conf);
      for (Read r : reads) {
        if (r == null || r.path == null || r.path.isEmpty()) {
          continue;
        }
        checkOne(output, out, r, conf);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check output " + output + ": " + e.getMessage(), e);
    }
  }

  private static void checkOne(String output, Path out, Read r, Configuration conf) throws IOException {
    Path pattern = new Path(r.path);
    Path prefix = canonical(literalPrefix(pattern), conf);
    if (isSameOrAncestor(out, prefix)) {
      throw new IllegalArgumentException("Cannot write " + output + ": it contains the " + r.kind + " " + prefix);
    }
    // a glob's literal prefix may hold other data beside the input: only what it matches counts
    List<Path> reads = new ArrayList<>();
    FileSystem fs = pattern.getFileSystem(conf);
    FileStatus[] matches = isGlob(pattern) ? fs.globStatus(pattern) : null;
    if (matches == null) {
      reads.add(prefix);
    } else {
      for (FileStatus m : matches) {
        reads.add(canonical(m.getPath(), conf));
      }
    }
    for (Path read : reads) {
      if (isSameOrAncestor(out, read)) {
        throw new IllegalArgumentException("Cannot write " + output + ": it contains the " + r.kind + " " + read);
      }
      if (isSameOrAncestor(read, out)) {
        throw new IllegalArgumentException("Cannot write " + output + ": it is inside the " + r.kind + " " + read
            + " (write it elsewhere)");
      }
    }
    if (isGlob(pattern)) {
      String rest = fs.makeQualified(pattern).toUri().getPath()
          .substring(fs.makeQualified(literalPrefix(pattern)).toUri().getPath().length());
      GlobPattern glob = new GlobPattern(prefix.toUri().getPath() + rest);
      for (Path p = out; p != null && isSameOrAncestor(prefix, p); p = p.getParent()) {
        if (glob.matches(p.toUri().getPath())) {
          throw new IllegalArgumentException("Cannot write " + output + ": the " + r.kind + " pattern " + r.path
              + " would read it");
        }
      }
    }
  }

  /** True when {@code a} is {@code b} or one of its ancestors (same scheme and authority). */
  static boolean isSameOrAncestor(Path a, Path b) {
    if (!Objects.equals(a.toUri().getScheme(), b.toUri().getScheme())
        || !Objects.equals(a.toUri().getAuthority(), b.toUri().getAuthority())) {
      return false;
    }
    String pa = a.toUri().getPath();
    String pb = b.toUri().getPath();
    return pb.equals(pa) || pa.equals("/") || pb.startsWith(pa.endsWith("/") ? pa : pa + "/");
  }

  /** The path up to (not including) its first component holding glob characters. */
  static Path literalPrefix(Path p) {
    Path literal = p;
    for (Path q = p; q != null; q = q.getParent()) {
      if (hasGlobChars(q.getName())) {
        literal = q.getParent();
      }
    }
    return literal == null ? p : literal;
  }

  private static boolean isGlob(Path p) {
    for (Path q = p; q != null; q = q.getParent()) {
      if (hasGlobChars(q.getName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasGlobChars(String name) {
    return name.chars().anyMatch(c -> GLOB_CHARS.indexOf(c) >= 0);
  }

  /** Qualified, and on the local file system with symbolic links of its existing part resolved. */
  static Path canonical(Path p, Configuration conf) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    Path q = fs.makeQualified(p);
    if (!"file".equals(q.toUri().getScheme()) || hasGlobChars(q.toUri().getPath())) {
      return q;
    }
    java.nio.file.Path local = Paths.get(q.toUri().getPath());
    java.nio.file.Path existing = local;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return q;
    }
    java.nio.file.Path real = existing.toRealPath().resolve(existing.relativize(local));
    return fs.makeQualified(new Path(real.toString()));
  }
}
