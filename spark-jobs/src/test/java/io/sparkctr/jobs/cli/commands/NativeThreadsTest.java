package io.sparkctr.jobs.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {
  @Test
  void executorsWaitPassivelyWithOneThreadPerTaskCore() {
    assertEquals(Map.of("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE", "spark.executorEnv.OMP_NUM_THREADS", "1"),
        NativeThreads.executorEnv(new SparkConf(false)));
    assertEquals("4", NativeThreads.executorEnv(new SparkConf(false).set("spark.task.cpus", "4"))
        .get("spark.executorEnv.OMP_NUM_THREADS"));
  }

  @Test
  void neverReplacesWhatTheUserSet() {
    SparkConf conf = new SparkConf(false).set("spark.executorEnv.OMP_WAIT_POLICY", "ACTIVE")
        .set("spark.executorEnv.OMP_NUM_THREADS", "8");
    assertEquals(Map.of(), NativeThreads.executorEnv(conf));
  }
}
