package io.sparkctr.jobs.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {
  @Test
  void executorsWaitPassivelyWithOneThreadPerTaskCore() {
    assertEquals(Map.of("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE", "spark.executorEnv.OMP_NUM_THREADS", "1"),
        NativeThreads.executorEnv(new SparkConf(false), Map.of()));
    assertEquals("4", NativeThreads.executorEnv(new SparkConf(false).set("spark.task.cpus", "4"), Map.of())
        .get("spark.executorEnv.OMP_NUM_THREADS"));
  }

  @Test
  void executorsGetTheDriversOpenBlasKernels() {
    assertEquals("SkylakeX", NativeThreads.executorEnv(new SparkConf(false), Map.of("OPENBLAS_CORETYPE", "SkylakeX"))
        .get("spark.executorEnv.OPENBLAS_CORETYPE"));
    assertEquals(null, NativeThreads.executorEnv(new SparkConf(false), Map.of("OPENBLAS_CORETYPE", ""))
        .get("spark.executorEnv.OPENBLAS_CORETYPE"));
    SparkConf own = new SparkConf(false).set("spark.executorEnv.OPENBLAS_CORETYPE", "Haswell");
    assertEquals(null, NativeThreads.executorEnv(own, Map.of("OPENBLAS_CORETYPE", "SkylakeX"))
        .get("spark.executorEnv.OPENBLAS_CORETYPE"));
  }

  @Test
  void neverReplacesWhatTheUserSet() {
    SparkConf conf = new SparkConf(false).set("spark.executorEnv.OMP_WAIT_POLICY", "ACTIVE")
        .set("spark.executorEnv.OMP_NUM_THREADS", "8");
    assertEquals(Map.of(), NativeThreads.executorEnv(conf, Map.of()));
  }
}
