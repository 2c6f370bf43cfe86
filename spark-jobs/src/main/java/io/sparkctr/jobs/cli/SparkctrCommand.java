package io.sparkctr.jobs.cli;

import io.sparkctr.jobs.cli.commands.AbTestCommand;
import io.sparkctr.jobs.cli.commands.BenchFeaturesCommand;
import io.sparkctr.jobs.cli.commands.BenchModelsCommand;
import io.sparkctr.jobs.cli.commands.BenchQualityCommand;
import io.sparkctr.jobs.cli.commands.BenchTablesCommand;
import io.sparkctr.jobs.cli.commands.BenchTrainCommand;
import io.sparkctr.jobs.cli.commands.DemoCommand;
import io.sparkctr.jobs.cli.commands.EvaluateCommand;
import io.sparkctr.jobs.cli.commands.ExportCommand;
import io.sparkctr.jobs.cli.commands.FeaturesCommand;
import io.sparkctr.jobs.cli.commands.GenerateCommand;
import io.sparkctr.jobs.cli.commands.NightlyCommand;
import io.sparkctr.jobs.cli.commands.RegistryCommand;
import io.sparkctr.jobs.cli.commands.ScoreCommand;
import io.sparkctr.jobs.cli.commands.TrainCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code sparkctr}: the command list; alone it prints the usage and exits 2. Every command inherits
 * {@code -h/--help}, {@code -V/--version}, the exit-code footer and the version.
 */
@Command(name = "sparkctr", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Versions.class,
    synopsisSubcommandLabel = "COMMAND", usageHelpAutoWidth = true,
    description = "Train, evaluate, score and publish click-through-rate models on Apache Spark.",
    footer = {"", "Exit codes: 0 success; 2 bad usage, config or input; 3 nightly candidate rejected by the gate;"
        + " 1 any other failure (I/O, cluster).", "Run 'sparkctr help COMMAND' or 'sparkctr COMMAND --help' for a "
        + "command's options."},
    subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, GenerateCommand.class, FeaturesCommand.class,
        TrainCommand.class, EvaluateCommand.class, ScoreCommand.class, AbTestCommand.class, ExportCommand.class, NightlyCommand.class,
        RegistryCommand.class, BenchFeaturesCommand.class, BenchTrainCommand.class, BenchModelsCommand.class, BenchQualityCommand.class,
        BenchTablesCommand.class})
public final class SparkctrCommand implements Callable<Integer> {
  /** The system property Spark reads the master from, as {@code bin/sparkctr} and spark-submit set it. */
  static final String MASTER_PROPERTY = "spark.master";

  @Spec
  CommandSpec spec;

  /**
   * {@code --master}: {@code bin/sparkctr} reads it before the command (it also prepares a
   * {@code local-cluster} master) and passes it on as {@value #MASTER_PROPERTY}; given to {@link Main}
   * directly it sets that property the same way. Never set otherwise.
   */
  @Option(names = "--master", paramLabel = "URL", scope = ScopeType.LOCAL,
      description = {"The Spark master, given before the command: local[N], local-cluster[N,cores,MB], "
          + "spark://HOST:PORT, yarn. bin/sparkctr's default: $SPARKCTR_MASTER, else local[*]; under spark-submit "
          + "use its own --master."})
  void master(String url) {
    if (url.isBlank()) {
      throw new ParameterException(spec.commandLine(), "Cannot use --master: the URL is empty");
    }
    System.setProperty(MASTER_PROPERTY, url);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.EXIT_BAD_INPUT;
  }
}
