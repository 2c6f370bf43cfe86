package io.sparkctr.jobs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command of {@link Main}: its options are picocli fields, {@link #call} validates them into the
 * job's params before a Spark session exists, then runs the job and returns the exit code. Failures
 * are thrown; {@link Main} turns them into the exit code and message ({@link Failures}).
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

  protected SparkSession session() {
    return SparkSessions.create(name());
  }
}
