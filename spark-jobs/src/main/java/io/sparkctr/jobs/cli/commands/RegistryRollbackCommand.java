package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.nightly.ModelRegistry;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkctr registry rollback}: point CURRENT back, with a reason, then rewrite the trend page. */
@Command(name = "rollback", description = {"Point CURRENT back (one atomic rename) and record why: at --to, or at "
    + "the newest older version that passed the gate and was not rolled back from. A --to version the gate "
    + "rejected needs --force, as for promote.",
    "The version rolled back from is not re-published by a nightly re-run of its date; promote it to restore it.",
    "The registry's trend page is then rewritten to mark the new CURRENT and the version rolled back from."})
final class RegistryRollbackCommand implements Callable<Integer> {
  @Mixin
  RegistryCommand.RegistryOption registry;

  @Option(names = "--to", paramLabel = "NAME", description = "The version to go back to (default: see above).")
  String to;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; kept in the history.")
  String reason;

  @Option(names = "--force", description = "Also roll back to a version the nightly gate rejected (with --to).")
  boolean force;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ModelRegistry r = registry.open();
    var e = r.rollback(Optional.ofNullable(to), RegistryCommands.reason(reason), force);
    spec.commandLine().getOut().println(RegistryCommands.describe(e));
    spec.commandLine().getOut().flush();
    RegistryCommands.rewriteTrendPage(r, "rollback", spec.commandLine().getErr());
    return ExitCodes.OK;
  }
}
