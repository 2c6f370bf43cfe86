package io.sparkctr.training.sharing;

import io.aeron.CommonContext;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Aeron settings and files of one JVM taking part in a gradient-sharing session.
 *
 * <p>DL4J starts an embedded Aeron media driver per JVM; Aeron keeps its buffers in a directory
 * under {@code /dev/shm} (Linux) and never removes it by default, and its default publication
 * unblock timeout is shorter than the client liveness timeout DL4J sets, which stops it from
 * starting ("publicationUnblockTimeoutNs ... <= clientLivenessTimeoutNs"). {@link #configure}
 * sets, through the system properties Aeron reads when a driver starts: a directory of our own
 * ({@code sparkctr-aeron-<session>-<executor>}), deletion on shutdown, and a 60 s unblock timeout.
 * {@link #delete} removes the directory if a driver did not (a killed JVM never does).
 */
final class AeronFiles {
  static final String PREFIX = "sparkctr-aeron-";
  private static final String UNBLOCK_TIMEOUT_NS = "60000000000";

  private AeronFiles() {}

  /** The parent of Aeron's directories: {@code /dev/shm} on Linux, else the temp directory. */
  static Path root() {
    return new File(CommonContext.AERON_DIR_PROP_DEFAULT).getAbsoluteFile().toPath().getParent();
  }

  static Path dir(String session, String executorId) {
    return root().resolve(PREFIX + session + "-" + executorId);
  }

  /** Sets the properties for the media driver this JVM starts next, in {@link #dir}. */
  static void configure(String session, String executorId) {
    System.setProperty("aeron.publication.unblock.timeout", UNBLOCK_TIMEOUT_NS);
    System.setProperty("aeron.dir.delete.on.shutdown", "true");
    System.setProperty("aeron.dir.delete.on.start", "true");
    System.setProperty(CommonContext.AERON_DIR_PROP_NAME, dir(session, executorId).toString());
  }

  /** Deletes the session's directory of this JVM, if it is still there. */
  static void delete(String session, String executorId) {
    Path d = dir(session, executorId);
    if (!Files.exists(d)) {
      return;
    }
    try (Stream<Path> files = Files.walk(d)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete Aeron's directory " + d, e);
    }
  }

  /** The session's directories still present on this host (any JVM). */
  static List<Path> leftovers(String session) {
    try (Stream<Path> s = Files.list(root())) {
      return s.filter(p -> p.getFileName().toString().startsWith(PREFIX + session)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root(), e);
    }
  }
}
