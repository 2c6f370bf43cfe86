package io.sparkctr.training.tables.sharded;

/**
 * A training run with sharded tables cannot go on: the executor that owned a shard was lost, and the
 * rows it held since the last checkpoint with it. The message is one line that names the executor,
 * its shard and {@code --resume}; the CLI reports it as it is, with exit 1 and without a stack trace
 * (whatever Spark exception the cancelled job threw is the cause).
 */
public final class ShardLost extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ShardLost(String message, Throwable cause) {
    super(message, cause);
  }

  ShardLost(String message) {
    super(message);
  }
}
