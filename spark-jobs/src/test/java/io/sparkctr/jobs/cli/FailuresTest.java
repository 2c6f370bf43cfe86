package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Exit codes: bad input or usage is 2, I/O and infrastructure failures are 1, as Spark and Hadoop throw them. */
class FailuresTest {
  @Test
  void ioAndInfrastructureFailuresAreOne() {
    // what reading a bundle from an unreachable name node throws through BundleStore
    Failures.Outcome o = Failures.classify("score", new UncheckedIOException("Cannot read model bundle hdfs://nn/m: "
        + "Call From a to nn:8020 failed", new ConnectException("Connection refused")));
    assertEquals(Main.EXIT_FAILURE, o.exitCode());
    assertTrue(o.message().startsWith("sparkctr score failed: java.net.ConnectException: Connection refused"
        + " (Cannot read model bundle hdfs://nn/m"), o.message());
    assertTrue(o.withTrace());
    assertEquals(Main.EXIT_FAILURE, Failures.classify("train", new UncheckedIOException("Cannot publish model bundle",
        new AccessControlException("Permission denied: user=etl, access=WRITE"))).exitCode());
    assertEquals(Main.EXIT_FAILURE, Failures.classify("features", new SparkException("Job aborted",
        new RemoteException("org.apache.hadoop.hdfs.server.namenode.SafeModeException", "Name node is in safe mode")))
        .exitCode());
    assertEquals(Main.EXIT_FAILURE, Failures.classify("train", new IllegalStateException("lost executor")).exitCode());
  }

  @Test
  void badInputIsTwo() {
    Failures.Outcome o = Failures.classify("evaluate", new UncheckedIOException("Cannot read model bundle m: "
        + "Unexpected character", new JsonParseException(null, "Unexpected character ('}')")));
    assertEquals(Main.EXIT_BAD_INPUT, o.exitCode());
    assertEquals("sparkctr evaluate: Cannot read model bundle m: Unexpected character", o.message());
    assertFalse(o.withTrace());
    assertEquals(Main.EXIT_BAD_INPUT, Failures.classify("score", new UncheckedIOException("Cannot read x",
        new FileNotFoundException("File file:/x does not exist"))).exitCode());
    assertEquals(Main.EXIT_BAD_INPUT, Failures.classify("train", new IllegalArgumentException("Cannot read "
        + "sparkctr.training of a.conf: bad")).exitCode());
    assertEquals(Main.EXIT_BAD_INPUT, Failures.classify("features", new SparkException("Job aborted",
        new IOException("x", new java.util.zip.ZipException("invalid stored block lengths")))).exitCode());
  }

  @Test
  void aTableTooLargeForTheHeapIsOneLineWithExitOne() throws Exception {
    var ctor = io.sparkctr.models.tables.TableTooLarge.class.getDeclaredConstructor(String.class);
    ctor.setAccessible(true);
    Throwable t = ctor.newInstance("Cannot allocate table emb: it needs 4.25 GiB of Java heap and only 0.90 GiB of "
        + "the 1.00 GiB maximum is free; raise -Xmx (spark.executor.memory / spark.driver.memory) or lower the hash bits");
    for (Throwable e : new Throwable[] {t, new SparkException("Job aborted", t)}) {
      Failures.Outcome o = Failures.classify("bench-tables", e);
      assertEquals(Main.EXIT_FAILURE, o.exitCode());
      assertFalse(o.withTrace());
      assertTrue(o.message().startsWith("sparkctr bench-tables: Cannot allocate table emb: it needs 4.25 GiB"),
          o.message());
    }
  }

  /**
   * A lost owner of sharded tables is its own one-line message with exit 1 and no trace, not the root cause of the
   * chain (Spark's "Job N cancelled ..." of the cancelled job).
   */
  @Test
  void aLostShardOwnerIsItsMessageWithExitOne() {
    String why = "Cannot go on training with sharded tables: executor 1, the owner of shard 0 (executor 1 at h:41301) "
        + "of 2, was lost (Container killed); the rows it owned since the last checkpoint are gone. Nothing was "
        + "published; run again with --resume to continue from the last checkpoint";
    Throwable e = new io.sparkctr.training.tables.sharded.ShardLost(why, new SparkException("Job 23 cancelled " + why));
    Failures.Outcome o = Failures.classify("train", e);
    assertEquals(Main.EXIT_FAILURE, o.exitCode());
    assertFalse(o.withTrace());
    assertEquals("sparkctr train: " + why, o.message());
  }

  /**
   * A table server whose port another process holds: its message with the address and the setting, exit 1, no trace,
   * not the root cause ("java.net.BindException: Address already in use") that Spark's task failure ends with.
   */
  @Test
  void aTakenTableServerPortIsItsMessageWithExitOne() {
    Throwable server = new io.sparkctr.training.tables.sharded.TableServerUnavailable("localhost:25301",
        new java.net.BindException("Address already in use"));
    Failures.Outcome o = Failures.classify("train", new SparkException("Job aborted due to stage failure: Task 0 in "
        + "stage 30.0 failed 4 times, most recent failure: " + server, server));
    assertEquals(Main.EXIT_FAILURE, o.exitCode());
    assertFalse(o.withTrace());
    assertEquals("sparkctr train: Cannot start the table server at localhost:25301: java.net.BindException: Address "
        + "already in use (another process holds the port: set sparkctr.training.table-base-port to a free range)",
        o.message());
  }
}
