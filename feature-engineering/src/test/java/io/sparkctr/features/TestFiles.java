package io.sparkctr.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** File fixtures for tests of every module: copies of directories to damage or trim. */
public final class TestFiles {
  private TestFiles() {}

  /** Copies the tree under {@code from} to {@code to}; returns {@code to}. */
  public static Path copyTree(Path from, Path to) throws IOException {
    return copyTree(from, to, p -> true);
  }

  /** As {@link #copyTree(Path, Path)}, only the files {@code keep} accepts (directories all). */
  public static Path copyTree(Path from, Path to, Predicate<Path> keep) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else if (keep.test(p)) {
          Files.copy(p, q);
        }
      }
    }
    return to;
  }
}
