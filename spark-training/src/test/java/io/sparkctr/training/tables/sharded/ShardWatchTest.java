package io.sparkctr.training.tables.sharded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The message of a lost shard owner: one line, whatever the cluster manager's reason, ending with --resume. */
class ShardWatchTest {
  @Test
  void aReasonOverSeveralLinesStaysOnOneLine() {
    // what YARN gave Spark for a container killed through the ResourceManager (cluster-tests, YarnSubmitTest)
    String yarn = "Container from a bad node: container_1_0007_01_000002 on host: localhost. Exit status: 137. "
        + "Diagnostics: [2026-12-07 05:37:26.351]Sent signal FORCEFUL_SHUTDOWN (SIGKILL) to pid 8651\n"
        + "[2026-12-07 05:37:26.360]Container killed on request. Exit code is 137\n"
        + "[2026-12-07 05:37:26.361]Killed by external signal\n.";
    String m = ShardWatch.message("1", "shard 0 (executor 1 at localhost:41351)", 2, yarn);
    assertFalse(m.contains("\n"), m);
    assertTrue(m.startsWith("Cannot go on training with sharded tables: executor 1, the owner of shard 0 (executor 1 "
        + "at localhost:41351) of 2, was lost (Container from a bad node:"), m);
    assertTrue(m.contains("Exit code is 137 [2026-12-07 05:37:26.361]Killed by external signal .);"), m);
    assertTrue(m.endsWith("run again with --resume to continue from the last checkpoint, on the same or another "
        + "number of executors"), m);
    assertEquals(m.lines().count(), 1);
  }
}
