package io.sparkctr.models.tables.sharded;

import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.TableStep;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EmbeddingTable} sharded by row across executors ({@link ShardMap}): this JVM owns one
 * shard (a {@link LocalTable} of its rows with their optimizer state) and reaches the others'
 * through their table servers; an executor that joined the application after the shards were
 * placed owns none and reaches every row remotely ({@link ShardPeers}: the executors' table clients).
 *
 * <p>Learning rate: every row is stepped by its owner at the owner's learning-rate scale
 * ({@link ShardedTables#setLearningRateScale}, set on every owner before each epoch), not at the
 * step's: a push carries the row gradients and the examples only.
 *
 * <p>Consistency: synchronous pull/push per step. {@link #gather} returns each row as its owner
 * holds it when the request arrives; {@link #applyGradients} returns once every owner has applied
 * its rows' gradients (acknowledged), so a worker's next step reads its own updates. Updates of
 * one row by concurrent workers are serialized by the owner (the row's striped lock in
 * {@link LocalTable}), none is lost; a row read while another worker updates it may be one step
 * old (as local[*] workers sharing one table). Every owner is sent every step, with no rows if it
 * owns none of them, so each shard's global step (lazy Adam's bias correction) counts all steps,
 * as a single table would.
 *
 * <p>Failures: a request unanswered within the timeout, or a refused / dropped connection, fails
 * the step with a message naming the shard's executor and address.
 */
public final class ShardedTable implements EmbeddingTable {
  private final String name;
  private final long rows;
  private final ShardMap map;
  private final int me;
  private final int dim;
  private final LocalTable shard;
  private final ShardedTables owner;
  private final ShardPeers peers;

  /**
   * @param me the shard this JVM owns and serves, or -1 in an executor that joined after the shards
   *     were placed (it pulls and pushes every row)
   * @param owner this JVM's tables of the session: its shard's rows ({@link ShardMap#localRows} of
   *     them, indexed by {@link ShardMap#local}), none when {@code me} is -1
   */
  ShardedTable(String name, long rows, int dim, ShardMap map, int me, ShardedTables owner, ShardPeers peers) {
    this.name = name;
    this.rows = rows;
    this.dim = dim;
    this.map = map;
    this.me = me;
    this.owner = owner;
    this.shard = me < 0 ? null : owner.shard(name);
    this.peers = peers;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void gather(long[] ids, int count, float[] out) {
    int k = dim();
    Groups g = new Groups(ids, count);
    @SuppressWarnings("unchecked")
    CompletableFuture<float[]>[] answers = new CompletableFuture[map.size()];
    for (int s = 0; s < map.size(); s++) {
      if (s != me && g.count[s] > 0) {
        answers[s] = peers.pull(s, name, g.ids[s], g.count[s]);
      }
    }
    for (int s = 0; s < map.size(); s++) {
      float[] rowsOf;
      if (s == me) {
        long[] local = g.ids[s].clone();
        for (int i = 0; i < g.count[s]; i++) {
          local[i] = map.local(local[i]);
        }
        rowsOf = new float[g.count[s] * k];
        shard.gather(local, g.count[s], rowsOf);
      } else if (answers[s] != null) {
        rowsOf = peers.await(answers[s], s, "pull " + g.count[s] + " rows of table '" + name + "'");
      } else {
        continue;
      }
      for (int i = 0; i < g.count[s]; i++) {
        System.arraycopy(rowsOf, i * k, out, g.positions[s][i] * k, k);
      }
    }
  }

  @Override
  public void applyGradients(long[] ids, float[] grads, int count, TableStep step) {
    int k = dim();
    Groups g = new Groups(ids, count);
    float[][] per = new float[map.size()][];
    for (int s = 0; s < map.size(); s++) {
      per[s] = new float[g.count[s] * k];
      for (int i = 0; i < g.count[s]; i++) {
        System.arraycopy(grads, g.positions[s][i] * k, per[s], i * k, k);
      }
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<float[]>[] acks = new CompletableFuture[map.size()];
    for (int s = 0; s < map.size(); s++) {
      if (s != me) {
        acks[s] = peers.push(s, name, step.examples(), g.ids[s], per[s], g.count[s], k);
      }
    }
    if (me >= 0) {
      long[] local = g.ids[me].clone();
      for (int i = 0; i < g.count[me]; i++) {
        local[i] = map.local(local[i]);
      }
      owner.applyOwned(name, local, per[me], g.count[me], step.examples());
    }
    for (int s = 0; s < map.size(); s++) {
      if (s != me) {
        peers.await(acks[s], s, "push " + g.count[s] + " row gradients of table '" + name + "'");
      }
    }
  }

  /** The ids of a call grouped by owner, with their positions in the call. */
  private final class Groups {
    final long[][] ids;
    final int[][] positions;
    final int[] count;

    Groups(long[] all, int n) {
      int shards = map.size();
      int[] owner = new int[n];
      count = new int[shards];
      for (int i = 0; i < n; i++) {
        if (all[i] < 0 || all[i] >= rows) {
          throw new IllegalArgumentException("Cannot look up row " + all[i] + " of table '" + name + "': it has "
              + rows + " rows");
        }
        owner[i] = map.owner(all[i]);
        count[owner[i]]++;
      }
      ids = new long[shards][];
      positions = new int[shards][];
      for (int s = 0; s < shards; s++) {
        ids[s] = new long[count[s]];
        positions[s] = new int[count[s]];
      }
      int[] at = new int[shards];
      for (int i = 0; i < n; i++) {
        int s = owner[i];
        ids[s][at[s]] = all[i];
        positions[s][at[s]++] = i;
      }
    }
  }
}
