package io.sparkctr.models.tables.sharded;

import java.util.concurrent.CompletableFuture;

/**
 * What a {@link ShardedTable} needs from the network: requests to the owners of the other shards
 * of its {@link ShardMap}. Implementations (the executors' table clients) are thread-safe, and fail
 * a request that is not answered in time, or whose connection is refused or dropped, with a message
 * naming the shard, its executor and address.
 */
public interface ShardPeers {
  /** Asks {@code shard}'s owner for rows {@code ids[0..count)} (global ids) of {@code table}: the rows, in order. */
  CompletableFuture<float[]> pull(int shard, String table, long[] ids, int count);

  /**
   * Sends {@code shard}'s owner the gradients of rows {@code ids[0..count)} (global ids) of {@code table}
   * from one step of {@code examples} examples; answered once its owner has applied them
   * ({@link ShardedTables#applyOwned}).
   */
  CompletableFuture<float[]> push(int shard, String table, int examples, long[] ids, float[] grads, int count,
                                  int dim);

  /** Waits for an answer until the deadline; {@code what} names the request in errors. */
  float[] await(CompletableFuture<float[]> answer, int shard, String what);
}
