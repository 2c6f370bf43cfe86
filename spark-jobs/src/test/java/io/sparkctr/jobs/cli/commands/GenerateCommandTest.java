package io.sparkctr.jobs.cli.commands;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GenerateCommandTest {
  @Test
  void recentItemsIsAnOptionalFlag() {
    GenerateCommand with = new GenerateCommand();
    new CommandLine(with).parseArgs("--out", "x", "--recent-items");
    assertTrue(with.recentItems);
    GenerateCommand without = new GenerateCommand();
    new CommandLine(without).parseArgs("--out", "x");
    assertFalse(without.recentItems);
  }
}
