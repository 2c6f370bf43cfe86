package io.sparkctr.training.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** The device a task uses is the GPU address Spark assigned to it. */
class GpuAffinityTest {
  @Test
  void firstAssignedAddressIsTheDevice() {
    assertEquals(OptionalInt.of(3), GpuAffinity.device(Map.of("gpu", new ResourceInformation("gpu",
        new String[] {"3"}))));
    assertEquals(OptionalInt.empty(), GpuAffinity.device(Map.of()));
    assertEquals(OptionalInt.empty(), GpuAffinity.device(Map.of("fpga", new ResourceInformation("fpga",
        new String[] {"0"}))));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> GpuAffinity.device(Map.of("gpu",
        new ResourceInformation("gpu", new String[] {"GPU-8e1f"}))));
    assertEquals(true, e.getMessage().contains("discovery script"));
  }

  @Test
  void outsideATaskNothingHappens() {
    org.junit.jupiter.api.Assertions.assertNull(org.apache.spark.TaskContext.get());
    int before = org.nd4j.linalg.factory.Nd4j.getAffinityManager().getDeviceForCurrentThread();
    GpuAffinity.bindCurrentTask();
    org.junit.jupiter.api.Assertions.assertEquals(before,
        org.nd4j.linalg.factory.Nd4j.getAffinityManager().getDeviceForCurrentThread(), "the thread keeps its device");
  }
}
