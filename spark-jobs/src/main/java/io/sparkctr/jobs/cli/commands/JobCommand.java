package io.sparkctr.jobs.cli.commands;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command of {@code sparkctr} ({@code io.sparkctr.jobs.cli.Main}): its options are picocli fields,
 * {@link #call} validates them into the job's params before a Spark session exists, then runs the job
 * and returns the exit code ({@link ExitCodes}). Failures are thrown; {@code Main} turns them into the
 * exit code and message ({@code io.sparkctr.jobs.cli.Failures}).
 */
public abstract class JobCommand implements Callable<Integer> {
  @Spec
  protected CommandSpec spec;

  /** The command's name as typed, e.g. {@code train} or {@code registry promote}. */
  protected String name() {
    return spec.qualifiedName(" ").replaceFirst("^sparkctr ", "");
  }

  /** Standard output (picocli's, so tests and {@code --print-config} can capture it). */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * Picocli's check of required options, made here for the options a command needs to run but not to
   * {@code --print-config} (so they are declared optional): the same message, and exit 2.
   *
   * @param options the options' names, e.g. {@code --features}
   */
  protected void requireOptions(String... options) {
    List<String> missing = Arrays.stream(options).map(spec::findOption).filter(o -> o.getValue() == null)
        .map(o -> "'" + o.longestName() + "=" + o.paramLabel() + "'").toList();
    if (!missing.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Missing required option" + (missing.size() > 1 ? "s: " : ": ")
          + String.join(", ", missing));
    }
  }

  protected SparkSession session() {
    return SparkSessions.create(name());
  }
}
