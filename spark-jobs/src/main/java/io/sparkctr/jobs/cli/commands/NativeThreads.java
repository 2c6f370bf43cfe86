package io.sparkctr.jobs.cli.commands;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How ND4J's native threads wait, on the driver and on every executor. ND4J's native ops run their
 * loops on GNU OpenMP threads, which spin for a while after each parallel region; libgomp's
 * default spin is long, so between two operations of a step they burn the cores that the JVM's own
 * thread (the embedding tables' gather and update, the data pipeline), the other executors on the
 * host and Spark itself need. With {@code OMP_WAIT_POLICY=PASSIVE} they sleep instead (docs/design/native-threads.md,
 * "ND4J's threads": DeepFM trains several times faster when anything else runs on the host). The variable is read once, when the native library loads, so it must be
 * in the process environment: {@code bin/sparkctr} exports it for the driver, {@link #executorEnv}
 * puts it into every executor's environment, and deploy/ sets it for cluster-mode drivers.
 *
 * <p>Each executor also gets {@code OMP_NUM_THREADS = spark.task.cpus} (default 1): every task
 * trains or scores with its own ND4J operations, and ND4J otherwise sizes each pool by the host's
 * cores, so eight 4-core executors on a 32-core host would run 8 × 4 × 32 threads (the k8s pod
 * templates set the same). A value the user set ({@code spark.executorEnv.*}) is never replaced.
 *
 * <p>The driver's {@code OPENBLAS_CORETYPE} ({@code bin/sparkctr} sets it from the driver's CPU flags:
 * {@code io.sparkctr.models.graph.NativeBackend}) goes to every executor as well, so they run the same
 * matrix-product kernels: the cluster's nodes are taken to have the driver's vector units (AVX-512 kernels on a
 * node without AVX-512 would stop the executor with an illegal instruction). On a cluster that differs from the
 * driver, set {@code spark.executorEnv.OPENBLAS_CORETYPE} yourself (an empty value keeps OpenBLAS's own choice).
 */
public final class NativeThreads {
  public static final String WAIT_POLICY = "OMP_WAIT_POLICY";
  public static final String WAIT_POLICY_DEFAULT = "PASSIVE";
  public static final String THREADS = "OMP_NUM_THREADS";
  public static final String BLAS_CORE = "OPENBLAS_CORETYPE";
  static final String EXECUTOR_ENV = "spark.executorEnv.";

  private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

  private NativeThreads() {}

  /** The {@code spark.executorEnv.*} settings to add to {@code conf} (none that it already has). */
  public static Map<String, String> executorEnv(SparkConf conf) {
    return executorEnv(conf, System.getenv());
  }

  /** As {@link #executorEnv(SparkConf)}, for a driver whose environment is {@code driverEnv}. */
  static Map<String, String> executorEnv(SparkConf conf, Map<String, String> driverEnv) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!conf.contains(EXECUTOR_ENV + WAIT_POLICY)) {
      out.put(EXECUTOR_ENV + WAIT_POLICY, WAIT_POLICY_DEFAULT);
    }
    if (!conf.contains(EXECUTOR_ENV + THREADS)) {
      out.put(EXECUTOR_ENV + THREADS, conf.get("spark.task.cpus", "1").trim());
    }
    String core = driverEnv.get(BLAS_CORE);
    if (core != null && !core.isBlank() && !conf.contains(EXECUTOR_ENV + BLAS_CORE)) {
      out.put(EXECUTOR_ENV + BLAS_CORE, core);
    }
    return out;
  }

  /** Warns once when this JVM's own native threads will spin (the variable was not exported). */
  public static void checkDriver(Map<String, String> environment) {
    if (environment.get(WAIT_POLICY) == null) {
      LOG.warn("{} is not set in this JVM's environment: ND4J's BLAS threads will spin between operations and "
          + "take cores from training (3-4x slower on a busy host). Export {}={} before starting the driver "
          + "(bin/sparkctr and deploy/ do).", WAIT_POLICY, WAIT_POLICY, WAIT_POLICY_DEFAULT);
    }
  }
}
