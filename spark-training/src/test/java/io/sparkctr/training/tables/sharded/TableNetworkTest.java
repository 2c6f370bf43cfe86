package io.sparkctr.training.tables.sharded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The address a table server binds and advertises: mask, else the executor's Spark host, else loopback on one host. */
class TableNetworkTest {
  @Test
  void withoutAMaskAClusterUsesEachExecutorsSparkHostAndOneHostLoopback() {
    assertEquals("worker-7.example.internal", TableNetwork.address("", false, "worker-7.example.internal"));
    assertEquals("10.1.2.3", TableNetwork.address("", false, "10.1.2.3"));
    assertEquals("127.0.0.1", TableNetwork.address("", true, "10.1.2.3"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableNetwork.address("", false, null));
    assertTrue(e.getMessage().startsWith("Cannot choose the table server's address"), e.getMessage());
  }

  @Test
  void aMaskOverridesTheSparkHost() {
    assertEquals("127.0.0.1", TableNetwork.address("127.0.0.0/8", false, "worker-7.example.internal"));
    assertEquals("127.0.0.1", TableNetwork.address("127.0.0.0/8", true, null));
    // TEST-NET-3 (RFC 5737) is on no machine's interface
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TableNetwork.address("203.0.113.0/24", false, "worker-7.example.internal"));
    assertTrue(e.getMessage().contains("no IPv4 address of this host lies in"), e.getMessage());
  }
}
