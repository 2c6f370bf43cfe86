package io.sparkctr.training.tables.sharded;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What an executor that joined the application after the shards were placed (a replacement for a
 * lost one, one that registered late, one added by the cluster manager) needs to train and score
 * with a sharded-tables session: it owns no shard, and reaches every row through the owners' table
 * servers. Carried by every task's table reference ({@code ExecutorTables.Ref}); {@link #join} is a
 * no-op in the session's own executors.
 */
public final class ShardTicket implements Serializable {
  private static final long serialVersionUID = 1L;
  final String session;
  final ShardMap map;
  final String key;
  final List<ShardNode.TableShape> shapes;
  final Duration timeout;
  final double learningRateScale;
  final boolean training;

  ShardTicket(String session, ShardMap map, String key, List<ShardNode.TableShape> shapes, Duration timeout,
              double learningRateScale, boolean training) {
    this.session = session;
    this.map = map;
    this.key = key;
    this.shapes = List.copyOf(shapes);
    this.timeout = timeout;
    this.learningRateScale = learningRateScale;
    this.training = training;
  }

  /** In a task: registers client-only sharded tables under the model's key unless this JVM has the session's. */
  public void join() {
    ShardNode.join(this);
  }
}
