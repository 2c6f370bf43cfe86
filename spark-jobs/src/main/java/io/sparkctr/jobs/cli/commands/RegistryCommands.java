package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.RegistryEvent;

/** What the registry commands share: the reason's check and the line they print. */
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
}
