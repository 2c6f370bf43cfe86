package io.sparkctr.training.executor;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the current task's thread to the GPU that Spark assigned to the task
 * ({@code spark.task.resource.gpu.amount}, addresses from the executor's discovery script), so
 * each executor's ND4J uses its own GPU rather than device 0. Called at the start of every
 * partition function that touches ND4J (training batches, evaluation, scoring) — before DL4J's
 * worker builds its network in the same thread. A no-op without a GPU resource or on the CPU
 * backend.
 */
public final class GpuAffinity {
  private static final Logger LOG = LoggerFactory.getLogger(GpuAffinity.class);
  public static final String GPU = "gpu";

  private GpuAffinity() {}

  /** The device index for a task's resources: its first GPU address, when it has one. */
  public static OptionalInt device(Map<String, ResourceInformation> resources) {
    ResourceInformation gpu = resources.get(GPU);
    if (gpu == null || gpu.addresses().length == 0) {
      return OptionalInt.empty();
    }
    String address = gpu.addresses()[0].trim();
    try {
      return OptionalInt.of(Integer.parseInt(address));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Cannot bind a GPU: Spark assigned address '" + address
          + "', expected a device index (check the GPU discovery script)");
    }
  }

  /** Binds this thread to the task's GPU, if any. */
  public static void bindCurrentTask() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return;
    }
    OptionalInt device = device(task.resourcesJMap());
    if (device.isEmpty()) {
      return;
    }
    int devices = Nd4j.getAffinityManager().getNumberOfDevices();
    if (devices <= 1 && !Nd4j.getBackend().getClass().getName().toLowerCase().contains("cuda")) {
      return;  // CPU backend: nothing to bind
    }
    if (device.getAsInt() >= devices) {
      throw new IllegalStateException("Cannot bind GPU " + device.getAsInt() + ": ND4J sees " + devices + " device(s)");
    }
    Nd4j.getAffinityManager().unsafeSetDevice(device.getAsInt());
    LOG.info("Task {} bound to GPU {}", task.taskAttemptId(), device.getAsInt());
  }
}
