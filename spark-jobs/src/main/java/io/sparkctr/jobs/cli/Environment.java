package io.sparkctr.jobs.cli;

import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Locale;

/**
 * Failures of the machine or file system rather than of the input or the command: a full disk or
 * quota, a read-only file system, a permission refused. Their cause is known and named, so the CLI
 * reports them in one line with exit 1 and no stack trace.
 */
final class Environment {
  /** What the operating system says, as Java and Hadoop pass it on in messages. */
  private static final List<String> SAYINGS = List.of("no space left on device", "disk quota exceeded",
      "read-only file system", "permission denied");

  private Environment() {}

  /** The environment's fault named anywhere in {@code chain} ("No space left on device", ...), or null. */
  static String fault(List<Throwable> chain) {
    for (Throwable t : chain) {
      if (t instanceof AccessDeniedException a) {
        return "permission denied: " + a.getFile();
      }
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      for (String s : SAYINGS) {
        if (m.contains(s)) {
          return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
      }
    }
    return null;
  }
}
