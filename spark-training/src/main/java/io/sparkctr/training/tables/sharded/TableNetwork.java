package io.sparkctr.training.tables.sharded;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The address an executor's table server binds, chosen as gradient sharing chooses its executors'
 * ({@code sparkctr.training.gradient-sharing.network-mask}): the address of this host inside the
 * mask's IPv4 subnet; without a mask, loopback, which only works when every executor runs on one
 * host (local-cluster).
 */
final class TableNetwork {
  private TableNetwork() {}

  /**
   * @param mask an IPv4 CIDR such as 10.0.0.0/8, or "" for loopback
   * @param oneHost whether all executors run on this host (loopback is then allowed)
   */
  static String address(String mask, boolean oneHost) {
    if (mask.isEmpty()) {
      if (!oneHost) {
        throw new IllegalArgumentException("Cannot choose the table server's address: set "
            + "sparkctr.training.gradient-sharing.network-mask to the executors' subnet (e.g. 10.0.0.0/8); without "
            + "it the servers listen on 127.0.0.1 and no other host can reach them");
      }
      return "127.0.0.1";
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
