package io.sparkctr.jobs.cli;

import io.sparkctr.jobs.cli.commands.ExitCodes;
import io.sparkctr.jobs.nightly.NightlyResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of every job: {@code sparkctr <command> [options]}, parsed by picocli
 * ({@link SparkctrCommand} lists the commands; each has {@code --help}, also as {@code sparkctr help
 * <command>}). Options are parsed and validated, and the config loaded and checked, before a Spark
 * session exists; then the command runs its job.
 *
 * <p>Exit codes: {@value #EXIT_OK} success (also {@code --help}, {@code --version},
 * {@code --print-config}); {@value #EXIT_BAD_INPUT} bad usage, config or input (an unknown command or
 * option, with the closest ones suggested; a bad config key or value; a missing, corrupt or malformed
 * input file); {@value #EXIT_REJECTED} the nightly gate rejected the candidate; {@value #EXIT_FAILURE}
 * any other failure, I/O and infrastructure errors included (a file system that cannot be reached, a
 * lost executor): retrying may help, fixing the command line will not. {@link Failures} decides.
 */
public final class Main {
  public static final int EXIT_OK = ExitCodes.OK;
  public static final int EXIT_FAILURE = ExitCodes.FAILURE;
  public static final int EXIT_BAD_INPUT = ExitCodes.BAD_INPUT;
  /** nightly: the gate rejected the candidate; the published model is unchanged. */
  public static final int EXIT_REJECTED = ExitCodes.REJECTED;
  /**
   * The environment variable naming the status file ({@code deploy/yarn/submit.sh} sets it in cluster mode, as
   * {@code spark.yarn.appMasterEnv.SPARKCTR_STATUS_FILE}): a path on the cluster's file system.
   */
  public static final String STATUS_FILE_ENV = "SPARKCTR_STATUS_FILE";
  /** How picocli's {@code help} command begins its message for a name that is no command. */
  private static final String UNKNOWN_HELP_TOPIC = "Unknown subcommand '";

  /** Every command {@link #run} accepts (besides {@code help}), as declared in {@link SparkctrCommand}. */
  public static final List<String> COMMANDS = commandLine().getSubcommands().keySet().stream()
      .filter(c -> !c.equals("help")).toList();

  /** The first line of the message the last {@link #run} printed for a failure; "" when none. */
  private static final AtomicReference<String> FIRST_MESSAGE_LINE = new AtomicReference<>("");

  private Main() {}

  /**
   * Runs the command and exits with its code. In cluster deploy mode a success, and a nightly
   * rejection (its decision is in the registry's {@code result.json}), return normally instead:
   * YARN's ApplicationMaster reports SUCCEEDED only when {@code main} returns, and a
   * {@code System.exit} reaches its shutdown hook first ("Shutdown hook called before final status
   * was reported", the run shown as FAILED and retried).
   *
   * <p>So spark-submit in cluster mode sees only SUCCEEDED or FAILED: where {@value #STATUS_FILE_ENV} names a
   * file, the exit code and the first line of the failure's message are written there first ({@link StatusFile}),
   * and {@code deploy/yarn/submit.sh} exits with that code after spark-submit returns.
   */
  public static void main(String[] argv) {
    int code = run(argv);
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    String statusFile = System.getenv(STATUS_FILE_ENV);
    if (statusFile != null && !statusFile.isBlank()) {
      StatusFile.write(statusFile, code, FIRST_MESSAGE_LINE.get());
    }
    if ((code == EXIT_OK || code == EXIT_REJECTED) && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      return;
    }
    System.exit(code);
  }

  /** Runs one command in this JVM and returns its exit code (what {@link #main} exits with). */
  public static int run(String[] argv) {
    FIRST_MESSAGE_LINE.set("");
    CommandLine cl = commandLine();
    try {
      return cl.execute(argv);
    } finally {
      cl.getOut().flush();
      cl.getErr().flush();
    }
  }

  /** The parser: every command, its help, and the mapping of failures to exit codes. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SparkctrCommand());
    cl.setOut(new PrintWriter(System.out, true));
    cl.setErr(new PrintWriter(System.err, true));
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd));
    cl.setExecutionStrategy(parsed -> {
      try {
        return new CommandLine.RunLast().execute(parsed);
      } catch (org.apache.hadoop.fs.FSError e) { // an Error (a local disk's write failed): picocli passes it on
        List<CommandLine> ran = parsed.asCommandLineList();
        return report(e, ran.get(ran.size() - 1));
      }
    });
    return cl;
  }

  /** Prints a failure as {@link Failures} classifies it; returns its exit code. */
  private static int report(Throwable e, CommandLine cmd) {
    Failures.Outcome o = Failures.classify(nameOf(cmd), e);
    if (o.withTrace()) {
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().println(o.message());
    remember(o.message());
    return o.exitCode();
  }

  /** An unknown command or option, a missing or malformed value: what was wrong, the closest matches, where to look. */
  private static int usageError(ParameterException parsed, String[] args) {
    ParameterException e = unknownFirst(parsed);
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName(" ");
    String message = e.getMessage();
    String hint = "";
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      if (!first.startsWith("-") && !cmd.getSubcommands().isEmpty()) {
        message = "Unknown command '" + first + "'";
      } else if (first.startsWith("-")) {
        message = "Unknown option '" + first + "'";
      }
      List<String> suggestions = u.getSuggestions().stream().filter(s -> !s.equals(first)).toList();
      if (!suggestions.isEmpty()) {
        hint = "; did you mean " + String.join(" or ", suggestions.stream().limit(3).map(s -> "'" + s + "'").toList())
            + "?";
      }
    }
    err.println(name + ": " + message + hint);
    remember(name + ": " + message + hint);
    err.println("Run '" + name + " --help' for " + (cmd.getSubcommands().isEmpty() ? "its options." : "the commands."));
    return EXIT_BAD_INPUT;
  }

  /**
   * The unknown argument behind a failure, as an {@link UnmatchedArgumentException} (which suggests
   * the closest names), where picocli reports it otherwise: a missing required option is reported
   * before an unknown one, whose typo is often why it is missing ({@code --featuers}); {@code help
   * NAME} reports an unknown NAME without suggestions.
   */
  private static ParameterException unknownFirst(ParameterException e) {
    CommandLine cmd = e.getCommandLine();
    if (e instanceof MissingParameterException && !cmd.getUnmatchedArguments().isEmpty()) {
      return new UnmatchedArgumentException(cmd, cmd.getUnmatchedArguments());
    }
    if (!(e instanceof UnmatchedArgumentException) && e.getValue() != null
        && e.getMessage().startsWith(UNKNOWN_HELP_TOPIC)) {
      return new UnmatchedArgumentException(cmd, List.of(e.getValue()));
    }
    return e;
  }

  /** The message's first line, for the status file. */
  private static void remember(String message) {
    String m = message == null ? "" : message.strip();
    int nl = m.indexOf('\n');
    FIRST_MESSAGE_LINE.set(nl < 0 ? m : m.substring(0, nl).strip());
  }

  /** The first line of the failure message the last {@link #run} printed in this JVM ("" when it printed none). */
  static String firstMessageLine() {
    return FIRST_MESSAGE_LINE.get();
  }

  private static String nameOf(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^sparkctr ?", "");
  }

  /** nightly: {@value #EXIT_OK} when the candidate was published, {@value #EXIT_REJECTED} when the gate rejected it. */
  public static int exitCode(NightlyResult r) {
    return ExitCodes.of(r);
  }
}
