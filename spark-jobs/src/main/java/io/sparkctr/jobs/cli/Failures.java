package io.sparkctr.jobs.cli;

import io.sparkctr.common.output.OutputInUseException;
import io.sparkctr.features.spark.UnreadableInputException;
import io.sparkctr.models.bundle.NonFinitePrediction;
import io.sparkctr.training.tables.sharded.ShardLost;
import io.sparkctr.training.tables.sharded.TableServerUnavailable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a job's failure into what the user sees: the exit code and one message. Spark delivers a
 * task's failure as {@code SparkException} (checked, thrown undeclared through Scala) wrapping the
 * real cause, so the cause chain is searched: a fault of the input or the command (a bad option or
 * config value, a path that does not exist, a file that cannot be decoded: malformed JSON, a
 * truncated archive, Parquet files that disagree on a column's type) is exit 2 with the message that
 * names the file and column; anything else — I/O and infrastructure errors included (a name node or
 * object store that cannot be reached, a permission refused, a lost executor), which retrying may
 * fix and the command line cannot — is exit 1 with its root cause (and the trace for a report); a
 * lost owner of sharded tables ({@link ShardLost}) is exit 1 with its own message, which names the
 * shard and {@code --resume}; so is a table server whose port is taken ({@link TableServerUnavailable}: the address
 * and the setting), whatever Spark wrapped around it.
 */
final class Failures {
  /** Exceptions that mean "this input file is broken", by class name (some are not on every classpath). */
  private static final Set<String> INPUT_FAULTS = Set.of("org.apache.hadoop.fs.ChecksumException",
      "java.util.zip.ZipException", "java.io.EOFException",
      "org.apache.spark.sql.execution.datasources.SchemaColumnConvertNotSupportedException",
      "org.apache.parquet.io.ParquetDecodingException", "org.apache.parquet.io.InvalidRecordException",
      "java.nio.charset.MalformedInputException", "com.typesafe.config.ConfigException");
  /** Exceptions, or their subclasses, that mean "the input is malformed" or "the path named does not exist". */
  private static final List<Class<? extends Throwable>> INPUT_FAULT_TYPES = List.of(IllegalArgumentException.class,
      java.io.FileNotFoundException.class, java.nio.file.NoSuchFileException.class,
      com.fasterxml.jackson.core.JsonProcessingException.class);
  /** Spark's own messages that name the file being read. */
  private static final List<String> FILE_MESSAGES = List.of("Parquet column cannot be converted",
      "Encountered error while reading file", "is not a Parquet file", "Error while reading file");

  /** Exit code and message of a failure. */
  record Outcome(int exitCode, String message, boolean withTrace) {}

  private Failures() {}

  static Outcome classify(String command, Throwable e) {
    if (e instanceof org.apache.hadoop.fs.FSError && e.getCause() instanceof java.io.IOException io) {
      e = new UncheckedIOException("Cannot write: " + io.getMessage(), io); // RawLocalFileSystem's write error
    }
    if (e instanceof OutputInUseException) {
      return new Outcome(Main.EXIT_FAILURE, "sparkctr " + command + ": " + e.getMessage(), false);
    }
    String environment = Environment.fault(chain(e));
    if (environment != null) {
      String top = e instanceof UncheckedIOException || e instanceof IllegalStateException ? firstLine(e.getMessage())
          : "Cannot complete: " + environment;
      return new Outcome(Main.EXIT_FAILURE, "sparkctr " + command + ": " + (top.contains(environment) ? top
          : top + " (" + environment + ")"), false);
    }
    for (Throwable t : chain(e)) {
      if (t instanceof io.sparkctr.models.tables.TableTooLarge) { // the heap as configured: sizes and settings named
        return new Outcome(Main.EXIT_FAILURE, "sparkctr " + command + ": " + firstLine(t.getMessage()), false);
      }
      if (t instanceof ShardLost || t instanceof TableServerUnavailable) { // names the shard or the address
        return new Outcome(Main.EXIT_FAILURE, "sparkctr " + command + ": " + firstLine(t.getMessage()), false);
      }
      if (t instanceof NonFinitePrediction) { // thrown in an executor, delivered inside Spark's exceptions
        return new Outcome(Main.EXIT_BAD_INPUT, "sparkctr " + command + ": " + firstLine(t.getMessage()), false);
      }
    }
    if (e instanceof IllegalArgumentException) {
      return new Outcome(Main.EXIT_BAD_INPUT, "sparkctr " + command + ": " + e.getMessage(), false);
    }
    List<Throwable> chain = chain(e);
    if (e instanceof UncheckedIOException && chain.stream().anyMatch(Failures::isInputFault)) {
      // our own "Cannot read X: ..." around a missing path or a malformed file
      return new Outcome(Main.EXIT_BAD_INPUT, "sparkctr " + command + ": " + e.getMessage(), false);
    }
    for (Throwable t : chain) {
      if (t instanceof UnreadableInputException) {
        return new Outcome(Main.EXIT_BAD_INPUT, "sparkctr " + command + ": " + t.getMessage(), false);
      }
    }
    for (Throwable t : chain) {
      String m = firstLine(t.getMessage());
      if (FILE_MESSAGES.stream().anyMatch(m::contains)) {
        return new Outcome(Main.EXIT_BAD_INPUT, "sparkctr " + command + ": Cannot read input: " + m
            + causeOf(t), false);
      }
    }
    for (Throwable t : chain) {
      if (isInputFault(t)) {
        return new Outcome(Main.EXIT_BAD_INPUT, "sparkctr " + command + ": Cannot read input: "
            + t.getClass().getSimpleName() + ": " + firstLine(t.getMessage()), false);
      }
    }
    Throwable root = chain.get(chain.size() - 1);
    String context = e instanceof UncheckedIOException && e.getMessage() != null ? " (" + firstLine(e.getMessage())
        + ")" : "";
    return new Outcome(Main.EXIT_FAILURE, "sparkctr " + command + " failed: " + root.getClass().getName() + ": "
        + firstLine(root.getMessage()) + context, true);
  }

  private static boolean isInputFault(Throwable t) {
    if (INPUT_FAULT_TYPES.stream().anyMatch(c -> c.isInstance(t))) {
      return true;
    }
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      if (INPUT_FAULTS.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }

  private static String causeOf(Throwable t) {
    Throwable c = t.getCause();
    return c == null || c.getMessage() == null ? "" : " (" + c.getClass().getSimpleName() + ": "
        + firstLine(c.getMessage()) + ")";
  }

  private static List<Throwable> chain(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }

  /** Spark puts the executor's whole stack trace into its message: keep the first line. */
  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
