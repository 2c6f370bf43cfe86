package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.nightly.ModelRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkctr registry list|show|promote|rollback|repair}: operate a nightly model registry
 * without a Spark session (Hadoop's configuration from the classpath, plus {@code -Dspark.hadoop.*}
 * properties as Spark would apply them). A switch of CURRENT rewrites the registry's trend page.
 */
@Command(name = "registry", synopsisSubcommandLabel = "COMMAND",
    description = "Operate a model registry written by 'sparkctr nightly': list its versions, show one, promote "
        + "one, roll CURRENT back or repair it, with a reason kept in its history.",
    subcommands = {CommandLine.HelpCommand.class, RegistryCommand.ListVersions.class, RegistryShowCommand.class, RegistryPromoteCommand.class,
        RegistryRollbackCommand.class, RegistryRepairCommand.class})
public final class RegistryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }

  /** The option every registry command takes. */
  static final class RegistryOption {
    @Option(names = "--registry", required = true, paramLabel = "PATH",
        description = "The registry's root (sparkctr.nightly.registry), any Hadoop path.")
    String path;

    ModelRegistry open() {
      return new ModelRegistry(path, HadoopConf.create()).requireExisting();
    }
  }

  /** {@code registry list}. */
  @Command(name = "list", description = "List the complete versions: the gate's decision, the candidate's AUC and "
      + "logloss on its held-out day, and which one is CURRENT (*).")
  static final class ListVersions implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    RegistryOption registry;

    @Option(names = "--json", description = "One JSON object per line instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ModelRegistry r = registry.open();
      spec.commandLine().getOut().print(RegistryListing.of(r).render(json));
      spec.commandLine().getOut().flush();
      if (r.brokenPointer()) {
        try {
          r.current();
        } catch (IllegalArgumentException e) {
          spec.commandLine().getErr().println("sparkctr registry list: " + e.getMessage());
        }
        return ExitCodes.BAD_INPUT;
      }
      return ExitCodes.OK;
    }
  }
}
