package io.sparkctr.training.tables.sharded;

import io.sparkctr.models.tables.sharded.ShardMap;
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
  final List<TableShape> shapes;
  final Duration timeout;

  ShardTicket(String session, ShardMap map, String key, List<TableShape> shapes, Duration timeout) {
    this.session = session;
    this.map = map;
    this.key = key;
    this.shapes = List.copyOf(shapes);
    this.timeout = timeout;
  }

  /** In a task: registers client-only sharded tables under the model's key unless this JVM has the session's. */
  public void join() {
    ShardNode.join(this);
  }
}
