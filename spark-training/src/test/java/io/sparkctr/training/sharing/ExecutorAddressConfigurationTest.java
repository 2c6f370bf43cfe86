package io.sparkctr.training.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.util.NetworkOrganizer;
import scala.reflect.ClassTag$;

/** The executors' own Aeron addresses without a network mask: a subnet of each one's Spark host, as DL4J matches it. */
class ExecutorAddressConfigurationTest {
  private static final GradientSharingSettings SETTINGS =
      new GradientSharingSettings("", 24123, 24200, "", 0, 1, true, Duration.ofSeconds(60));

  @Test
  void theSubnetOfTheSparkHostLeadsDl4jBackToThatAddress() throws Exception {
    assertEquals("127.0.0.0/8", ExecutorAddressConfiguration.subnetOf("127.0.0.1"));
    InetAddress own = null;
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && nic.isUp() && own == null) {
          own = a;
        }
      }
    }
    Assumptions.assumeTrue(own != null, "this machine has a non-loopback IPv4 address");
    String mask = ExecutorAddressConfiguration.subnetOf(own.getHostAddress());
    assertEquals(own.getHostAddress(), new NetworkOrganizer(mask).getMatchingAddress(), mask);
  }

  @Test
  void aHostThatIsNotThisMachinesFailsNamingTheSetting() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ExecutorAddressConfiguration.subnetOf("203.0.113.9"));
    assertTrue(e.getMessage().startsWith("Cannot choose this executor's gradient-sharing address"), e.getMessage());
    assertTrue(e.getMessage().contains("network-mask"), e.getMessage());
  }

  @Test
  void aConfiguredMaskIsDl4jsAndTheDriverKeepsNone() {
    assertEquals("10.0.0.0/8",
        new ExecutorAddressConfiguration("10.0.0.1", new ExecutorPortSupplier(SETTINGS), "10.0.0.0/8", false)
            .getNetworkMask());
    // no Spark executor in this JVM: DL4J's own choice (the root binds the controller address)
    assertNull(new ExecutorAddressConfiguration("10.0.0.1", new ExecutorPortSupplier(SETTINGS), "", false)
        .getNetworkMask());
    assertNull(new ExecutorAddressConfiguration("127.0.0.1", new ExecutorPortSupplier(SETTINGS), "", true)
        .getNetworkMask());
  }

  @Test
  void survivesSparksKryoAsInTheTrainingBroadcast() {
    SerializerInstance kryo = new KryoSerializer(new SparkConf()
        .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")).newInstance();
    VoidConfiguration c = new ExecutorAddressConfiguration("10.0.0.1", new ExecutorPortSupplier(SETTINGS), "", false);
    ByteBuffer bytes = kryo.serialize(c, ClassTag$.MODULE$.apply(VoidConfiguration.class));
    VoidConfiguration back = kryo.deserialize(bytes, ClassTag$.MODULE$.apply(VoidConfiguration.class));
    assertTrue(back instanceof ExecutorAddressConfiguration, back.getClass().getName());
    assertEquals("10.0.0.1", back.getControllerAddress());
    assertEquals(24123, back.getPortSupplier().getPort());
  }
}
