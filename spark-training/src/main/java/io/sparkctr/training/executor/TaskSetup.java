package io.sparkctr.training.executor;

import java.io.Serializable;

/**
 * What a Spark task that fits minibatches runs before DL4J's worker builds its graph in it (bind the
 * task's GPU, install the embedding tables the graph binds to). Serializable: it travels with the
 * tasks' closures.
 */
@FunctionalInterface
public interface TaskSetup extends Serializable {
  TaskSetup NONE = () -> { };

  void run();
}
