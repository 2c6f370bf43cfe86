package io.sparkctr.training.sharing;

import java.io.Serializable;

/**
 * What one executor JVM says about its part in a gradient-sharing session. A plain class, not a
 * record: Spark's Kryo cannot serialize records, and task results go through Kryo.
 */
final class WorkerReport implements Serializable {
  private final String executorId;
  private final boolean trained;
  private final String transportId;
  private final boolean introduced;
  private final long iterations;
  private final float[] params;

  /**
   * @param executorId the Spark executor id ("driver" in local mode)
   * @param trained whether the JVM holds a worker model of the session (it ran training tasks)
   * @param transportId its Aeron node id ({@code aeron:udp?endpoint=ip:port}), null before it started one
   * @param introduced whether the root answered its handshake
   * @param iterations the worker model's iteration count
   * @param params the worker model's parameters (only in snapshots after an epoch), or null
   */
  WorkerReport(String executorId, boolean trained, String transportId, boolean introduced, long iterations,
               float[] params) {
    this.executorId = executorId;
    this.trained = trained;
    this.transportId = transportId;
    this.introduced = introduced;
    this.iterations = iterations;
    this.params = params;
  }

  String executorId() {
    return executorId;
  }

  boolean trained() {
    return trained;
  }

  String transportId() {
    return transportId;
  }

  boolean introduced() {
    return introduced;
  }

  float[] params() {
    return params;
  }

  /** The same report without the parameters, for messages and logs. */
  WorkerReport withoutParams() {
    return new WorkerReport(executorId, trained, transportId, introduced, iterations, null);
  }

  @Override
  public String toString() {
    return "executor " + executorId + (trained ? " (trained, " + iterations + " iterations)" : " (no model)")
        + " transport " + transportId + (introduced ? " introduced" : " not introduced");
  }
}
