package io.sparkctr.training.tables.sharded;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The address an executor's table server binds and advertises to the other executors: with
 * {@code sparkctr.training.gradient-sharing.network-mask} set, the address of this host inside the
 * mask's IPv4 subnet; without it, loopback when every executor runs on one host (local mode,
 * local-cluster), else the executor's own Spark host (its block manager's, the address the cluster
 * manager gave it and the other executors already reach it at).
 */
final class TableNetwork {
  private TableNetwork() {}

  /**
   * @param mask an IPv4 CIDR such as 10.0.0.0/8, or "" for the default
   * @param oneHost whether all executors run on this host (loopback is then the default)
   * @param sparkHost this executor's Spark host (name or address), or null when it has none (no executor)
   */
  static String address(String mask, boolean oneHost, String sparkHost) {
    if (mask.isEmpty()) {
      if (oneHost) {
        return "127.0.0.1";
      }
      if (sparkHost == null || sparkHost.isEmpty()) {
        throw new IllegalStateException("Cannot choose the table server's address: this JVM has no Spark executor "
            + "host; set sparkctr.training.gradient-sharing.network-mask to the executors' subnet (e.g. 10.0.0.0/8)");
      }
      return sparkHost;
    }
    String[] parts = mask.split("/");
    int bits = Integer.parseInt(parts[1]);
    int net = toInt(parts[0]);
    int m = bits == 0 ? 0 : -1 << (32 - bits);
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address v4 && (toInt(v4.getHostAddress()) & m) == (net & m)) {
            return v4.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      throw new IllegalStateException("Cannot list this host's network interfaces: " + e.getMessage(), e);
    }
    throw new IllegalStateException("Cannot choose the table server's address: no IPv4 address of this host lies in "
        + "sparkctr.training.gradient-sharing.network-mask " + mask);
  }

  private static int toInt(String dotted) {
    int v = 0;
    for (String p : dotted.split("\\.")) {
      v = (v << 8) | Integer.parseInt(p);
    }
    return v;
  }
}
