package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real I/O failure through {@link Main#run}: Hadoop's HDFS client against a name node that is not there. */
@Tag("integration")
class IoFailureExitCodeTest {
  @Test
  void anUnreachableNameNodeExitsOneNotTwo() {
    // a real HDFS client against a port where nothing listens: connection refused at once, no retries
    System.setProperty("spark.hadoop.ipc.client.connect.max.retries", "0");
    try {
      CliTest.Run r = CliTest.run("registry", "list", "--registry", "hdfs://127.0.0.1:1/ctr/registry");
      assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
      assertTrue(r.err().contains("sparkctr registry list failed: java.net.ConnectException: Connection refused"),
          r.err());
      r = CliTest.run("export", "--model", "hdfs://127.0.0.1:1/ctr/model", "--output", "/tmp/never-written");
      assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
      assertTrue(r.err().contains("Cannot read model bundle hdfs://127.0.0.1:1/ctr/model"), r.err());
    } finally {
      System.clearProperty("spark.hadoop.ipc.client.connect.max.retries");
    }
  }
}
