package io.sparkctr.jobs.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths and directory listings for the training tests. */
final class TrainJobTestSupport {
  private TrainJobTestSupport() {}

  static String checkpoints(String modelOut) {
    Path p = Path.of(modelOut);
    return p.resolveSibling("." + p.getFileName() + ".checkpoints").toString();
  }

  /** Names in {@code dir}, hidden ones included, sorted. */
  static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
