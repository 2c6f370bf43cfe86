package io.sparkctr.training.sharing;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.time.Duration;

/**
 * {@code sparkctr.training.gradient-sharing}: the network and encoding of DL4J's gradient-sharing
 * master. Validated at construction.
 *
 * <p>The driver is the root of an Aeron UDP mesh at {@code controllerAddress:controllerPort};
 * executor {@code n} (its Spark executor id) listens on {@code executorBasePort + n} at the address
 * of its host that matches {@code networkMask}, or without one at its Spark host's address
 * ({@link ExecutorAddressConfiguration}; loopback on one host). Every worker encodes each parameter update as
 * ±{@code threshold} per element (the rest is kept as a residual for later steps); 0 means "the
 * workers' learning rate", which keeps an Adam step (about lr per element) within one quantum.
 *
 * @param controllerAddress the driver's address as executors reach it; "" = {@code spark.driver.host}
 * @param controllerPort the driver's UDP port
 * @param executorBasePort executor n uses this + n (open the range in firewalls / network policies)
 * @param networkMask CIDR picking each executor's own address, e.g. {@code 10.0.0.0/8}; "" = its Spark host's
 * @param threshold the update-encoding threshold; 0 = the model's learning rate
 * @param workersPerExecutor model replicas trained in parallel inside one executor
 * @param scaleLearningRate each of N workers steps at the learning rate / N (every replica applies
 *     all N workers' updates)
 * @param joinTimeout how long an executor may run a training task without having joined the mesh
 */
public record GradientSharingSettings(String controllerAddress, int controllerPort, int executorBasePort,
                                      String networkMask, double threshold, int workersPerExecutor,
                                      boolean scaleLearningRate, Duration joinTimeout) implements Serializable {
  public static final String KEY = "gradient-sharing";

  public GradientSharingSettings {
    controllerAddress = controllerAddress.trim();
    networkMask = networkMask.trim();
    require(validPort(controllerPort), "controller-port " + controllerPort + " outside 1..65535");
    require(validPort(executorBasePort) && executorBasePort + 1000 <= 65535,
        "executor-base-port " + executorBasePort + " must leave room for 1000 executors below 65536");
    require(controllerPort < executorBasePort || controllerPort > executorBasePort + 1000,
        "controller-port " + controllerPort + " falls inside the executors' range " + executorBasePort + "..+1000");
    require(networkMask.isEmpty() || networkMask.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}"),
        "network-mask '" + networkMask + "' is not an IPv4 CIDR such as 10.0.0.0/8");
    require(threshold >= 0 && Double.isFinite(threshold), "threshold " + threshold + " must be >= 0 (0 = learning rate)");
    require(workersPerExecutor >= 1, "workers-per-executor " + workersPerExecutor + " must be >= 1");
    require(!joinTimeout.isNegative() && !joinTimeout.isZero(), "join-timeout " + joinTimeout + " must be positive");
  }

  /** The encoding threshold for workers stepping at {@code learningRate}. */
  public double thresholdFor(double learningRate) {
    return threshold > 0 ? threshold : learningRate;
  }

  /** The UDP port of executor {@code executorId} (a Spark executor id; "driver" is the controller). */
  public int portOf(String executorId) {
    return portOf(executorId, controllerPort, executorBasePort);
  }

  static int portOf(String executorId, int controllerPort, int executorBasePort) {
    if ("driver".equals(executorId)) {
      return controllerPort;
    }
    try {
      int n = Integer.parseInt(executorId);
      if (n < 0 || n > 1000) {
        throw new IllegalArgumentException("Cannot train with gradient sharing: executor id " + n
            + " is outside 0..1000, so it has no port in the executors' range");
      }
      return executorBasePort + n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot train with gradient sharing: executor id '" + executorId
          + "' is not a number, so it has no port in the executors' range");
    }
  }

  static GradientSharingSettings from(Config c) {
    return new GradientSharingSettings(c.getString("controller-address"), c.getInt("controller-port"),
        c.getInt("executor-base-port"), c.getString("network-mask"), c.getDouble("threshold"),
        c.getInt("workers-per-executor"), c.getBoolean("scale-learning-rate"), c.getDuration("join-timeout"));
  }

  /** Reads {@code gradient-sharing} under the given {@code training} section. */
  public static GradientSharingSettings fromTraining(Config training) {
    return from(training.getConfig(KEY));
  }

  private static boolean validPort(int p) {
    return p >= 1 && p <= 65535;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot train with gradient sharing: training.gradient-sharing." + message);
    }
  }
}
