package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.RegistryEvent;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparkctr registry promote}: point CURRENT at a version, with a reason, then rewrite the trend page. */
@Command(name = "promote", description = "Point CURRENT at a complete version (one atomic rename) and record why. "
    + "An unknown version, or one the gate rejected (without --force), is refused. The registry's trend page is then "
    + "rewritten to mark it.")
final class RegistryPromoteCommand implements Callable<Integer> {
  @Mixin
  RegistryCommand.RegistryOption registry;

  @Parameters(arity = "1", paramLabel = "VERSION", description = "The version, e.g. 2026-11-23.")
  String version;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; kept in the history.")
  String reason;

  @Option(names = "--force", description = "Also promote a version the nightly gate rejected.")
  boolean force;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ModelRegistry r = registry.open();
    Optional<RegistryEvent> e = r.promote(version, RegistryCommands.reason(reason), force);
    spec.commandLine().getOut().println(e.map(RegistryCommands::describe)
        .orElse("sparkctr registry promote: " + version + " is already " + ModelRegistry.CURRENT + "; nothing changed"));
    spec.commandLine().getOut().flush();
    if (e.isPresent()) {
      RegistryCommands.rewriteTrendPage(r, "promote", spec.commandLine().getErr());
    }
    return ExitCodes.OK;
  }
}
