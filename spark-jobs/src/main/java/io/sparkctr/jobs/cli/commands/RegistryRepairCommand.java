package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.RegistryEvent;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkctr registry repair}: replace a CURRENT that names no complete version, then rewrite
 * the trend page.
 */
@Command(name = "repair", description = {"Replace a CURRENT that names no complete version (edited by hand, or its "
    + "version removed) by the newest version that passed the gate and was not rolled back from, and record why.",
    "A sound CURRENT is left as it is. To point at a particular version instead, use promote --force.",
    "After a repair the registry's trend page is rewritten to mark the new CURRENT."})
final class RegistryRepairCommand implements Callable<Integer> {
  @Mixin
  RegistryCommand.RegistryOption registry;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; kept in the history.")
  String reason;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ModelRegistry r = registry.open();
    Optional<RegistryEvent> e = r.repair(RegistryCommands.reason(reason));
    spec.commandLine().getOut().println(e.map(RegistryCommands::describe).orElse("sparkctr registry repair: "
        + ModelRegistry.CURRENT + " names a complete version; nothing changed"));
    spec.commandLine().getOut().flush();
    if (e.isPresent()) {
      RegistryCommands.rewriteTrendPage(r, "repair", spec.commandLine().getErr());
    }
    return ExitCodes.OK;
  }
}
