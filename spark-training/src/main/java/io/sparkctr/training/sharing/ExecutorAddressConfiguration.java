package io.sparkctr.training.sharing;

import io.sparkctr.training.executor.OnEachExecutor;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * DL4J's mesh configuration whose network mask, without {@code gradient-sharing.network-mask} on a
 * cluster of several hosts, is on each executor a subnet holding that executor's Spark host: DL4J
 * 1.0.0-M2 picks an executor's own Aeron address only from the mask (else the environment variable
 * {@code DL4J_VOID_IP}, else 127.0.0.1, which no other host can reach), and the configuration is
 * one broadcast object for every executor. With a configured mask, or on one host (loopback), it is
 * DL4J's.
 */
final class ExecutorAddressConfiguration extends VoidConfiguration {
  private static final long serialVersionUID = 1L;
  // plain fields: this travels in a Kryo-serialized broadcast
  private final boolean fromSparkHost;

  /**
   * @param controller the root's (driver's) address
   * @param mask the configured CIDR, or "" for each executor's Spark host (or loopback on one host)
   * @param oneHost whether every JVM runs on this host
   */
  ExecutorAddressConfiguration(String controller, PortSupplier ports, String mask, boolean oneHost) {
    setControllerAddress(controller);
    setPortSupplier(ports);  // every node's port, the root's (controller-port) included
    if (!mask.isEmpty()) {
      setNetworkMask(mask);  // else DL4J's default, null (its setter refuses null)
    }
    this.fromSparkHost = mask.isEmpty() && !oneHost;
  }

  @Override
  public String getNetworkMask() {
    String mask = super.getNetworkMask();
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    if (mask != null || !fromSparkHost || env == null || "driver".equals(OnEachExecutor.executorId())) {
      return mask;
    }
    return subnetOf(env.blockManager().blockManagerId().host());
  }

  /**
   * The subnet of {@code host}'s IPv4 address on this machine's interface that holds it, as a CIDR in
   * which that address is a host address (DL4J's subnet matching leaves out the network and broadcast
   * addresses, so a /31 or /32 interface gets the narrowest subnet that works).
   *
   * @throws IllegalStateException when the host is not an IPv4 address of this machine
   */
  static String subnetOf(String host) {
    InetAddress a;
    try {
      a = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("Cannot choose this executor's gradient-sharing address: its Spark host " + host
          + " does not resolve; set sparkctr.training.gradient-sharing.network-mask to the executors' subnet", e);
    }
    int prefix = prefixOf(a, host);
    int ip = toInt(a.getAddress());
    for (int bits = Math.min(prefix, 30); bits > 0; bits--) {
      int m = -1 << (32 - bits);
      int hostPart = ip & ~m;
      if (hostPart != 0 && hostPart != ~m) {
        return dotted(ip & m) + "/" + bits;
      }
    }
    throw new IllegalStateException("Cannot choose this executor's gradient-sharing address from " + host);
  }

  private static int prefixOf(InetAddress a, String host) {
    try {
      NetworkInterface nic = a instanceof Inet4Address ? NetworkInterface.getByInetAddress(a) : null;
      if (nic != null) {
        for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
          if (ia.getAddress().equals(a)) {
            return ia.getNetworkPrefixLength();
          }
        }
      }
    } catch (SocketException e) {
      throw new IllegalStateException("Cannot list this host's network interfaces: " + e.getMessage(), e);
    }
    throw new IllegalStateException("Cannot choose this executor's gradient-sharing address: its Spark host " + host
        + " (" + a.getHostAddress() + ") is not an IPv4 address of this machine's interfaces; set "
        + "sparkctr.training.gradient-sharing.network-mask to the executors' subnet (e.g. 10.0.0.0/8)");
  }

  private static int toInt(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  private static String dotted(int v) {
    return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
  }
}
