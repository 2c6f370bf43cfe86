package io.sparkctr.training.sharing;

import io.sparkctr.training.executor.OnEachExecutor;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * Each JVM's Aeron port: the driver (the mesh root) listens on {@code controller-port}, executor
 * {@code n} on {@code executor-base-port + n}. DL4J's default supplier gives every node the same
 * port, so executors sharing a host with the driver or with each other claim the root's identity
 * and train alone, unnoticed.
 */
final class ExecutorPortSupplier implements PortSupplier {
  // plain fields, not the settings record: this travels in a Kryo-serialized broadcast
  private final int controllerPort;
  private final int executorBasePort;

  ExecutorPortSupplier(GradientSharingSettings settings) {
    this.controllerPort = settings.controllerPort();
    this.executorBasePort = settings.executorBasePort();
  }

  @Override
  public int getPort() {
    String id = OnEachExecutor.executorId();
    return GradientSharingSettings.portOf(id, controllerPort, executorBasePort);
  }
}
