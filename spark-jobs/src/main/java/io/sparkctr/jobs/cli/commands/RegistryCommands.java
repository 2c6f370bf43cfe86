package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.RegistryEvent;
import io.sparkctr.jobs.nightly.TrendPage;
import java.io.PrintWriter;

/** What the registry commands share: the reason's check, the line they print, the trend page's rewrite. */
final class RegistryCommands {
  private RegistryCommands() {}

  static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("Cannot switch " + ModelRegistry.CURRENT + ": --reason is empty");
    }
    return reason.strip();
  }

  static String describe(RegistryEvent e) {
    return "sparkctr registry " + e.action() + ": " + ModelRegistry.CURRENT + " " + (e.previous() == null ? "(none)"
        : e.previous()) + " -> " + e.version() + " (" + e.reason() + ")";
  }

  /**
   * Rewrites the registry's trend page after {@code command} switched {@code CURRENT}. A failure
   * only prints a warning to {@code err}: the switch stands and the command still succeeds.
   */
  static void rewriteTrendPage(ModelRegistry r, String command, PrintWriter err) {
    try {
      TrendPage.write(r, r.conf());
    } catch (RuntimeException e) {
      err.println("sparkctr registry " + command + ": warning: " + ModelRegistry.CURRENT + " was switched, but the "
          + "trend page " + r.root() + "/" + TrendPage.DIR + "/" + TrendPage.PAGE + " could not be rewritten (the "
          + "next switch or nightly run rewrites it): " + e.getMessage());
      err.flush();
    }
  }
}
