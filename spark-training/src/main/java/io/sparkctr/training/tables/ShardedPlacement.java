package io.sparkctr.training.tables;

import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.training.tables.sharded.ShardedSession;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@link Kind#SHARDED}: the rows are sharded across the executors and exchanged per step
 * ({@link ShardedSession}). The driver's tables stay unallocated but for a warm start's; the owners
 * write their shards into every checkpoint, the best epoch's checkpoint is kept beside the newest,
 * and the driver reads the best epoch's tables back from it once, at the end, for the bundle.
 */
final class ShardedPlacement implements TablePlacement {
  private final JavaSparkContext sc;
  private final ModelSpec spec;
  private final Servers servers;
  private final List<ShardedSession.Traffic> traffic = new ArrayList<>();
  private ModelTables tables;
  private ShardedSession.Fill fill;
  private StoredTables resumedFrom;
  private ShardedSession session;
  /** The last epoch's traffic, recorded with its checkpoint's bytes. */
  private ShardedSession.Traffic epochTraffic;
  private boolean driverHeldRows;

  ShardedPlacement(JavaSparkContext sc, ModelSpec spec, Servers servers) {
    this.sc = sc;
    this.spec = spec;
    this.servers = servers;
  }

  @Override
  public Kind kind() {
    return Kind.SHARDED;
  }

  @Override
  public boolean defersDriverRows() {
    return true;
  }

  @Override
  public void startNew(ModelTables tables, boolean warmStarted) {
    this.tables = tables;
    this.fill = warmStarted ? ShardedSession.Fill.DRIVER : ShardedSession.Fill.INITIALIZE;
  }

  @Override
  public void resume(ComputationGraph net, StoredTables stored) {
    // tables of the spec's shape, never allocated here unless the bundle needs them: the owners read their rows
    TableBinding.bind(net, CtrGraphBuilder.newTables(spec, true));
    this.tables = TableBinding.tablesOf(net);
    this.fill = ShardedSession.Fill.FILES;
    this.resumedFrom = stored;
  }

  @Override
  public void open() {
    session = new ShardedSession(sc, tables, servers.basePort(), servers.ports(), servers.networkMask(),
        servers.timeout(), fill);
    if (fill == ShardedSession.Fill.FILES) {
      session.readShards(resumedFrom.latestTablesDir().toString(), hadoop());
    }
  }

  @Override
  public Epoch beginEpoch(int epoch, double learningRateScale, OptionalLong eventTime) {
    session.beginEpoch(learningRateScale); // the owners step every worker's pushes at it
    ExecutorTables.Ref served = ExecutorTables.served(tables, session.ticket());
    return new Epoch() {
      @Override
      public ExecutorTables.Ref ref() {
        return served;
      }

      @Override
      public void trained(Consumer<String> phase) {
        // one copy of each row, on its owner: nothing to average
      }

      @Override
      public void close() {
        served.destroy();
      }
    };
  }

  @Override
  public void endEpoch(int epoch) {
    epochTraffic = session.endEpoch(epoch);
  }

  @Override
  public void checkpoint(Checkpointer checkpoint) {
    // flush point: the owners' shards, which TableIO.write flushes as they write them
    ShardedSession owners = session;
    Configuration hadoop = hadoop();
    long written = checkpoint.save(new TableContent.ByOwners(dir -> {
      ShardedSession.Written w = owners.writeShards(dir.toString(), hadoop);
      return new TableContent.Written(w.bytes(), w.sums());
    }));
    traffic.add(epochTraffic.checkpointed(written));
  }

  @Override
  public void export(StoredTables stored) {
    driverHeldRows = tables.names().stream().anyMatch(n -> tables.local(n).allocated());
    // assembled here once, from the best epoch's checkpoint's shard files, into the driver's tables
    stored.readBestInto(tables, false); // the driver's tables hold no rows
  }

  @Override
  public void restoreBest(int bestEpoch, int lastEpoch, StoredTables stored) {
    if (bestEpoch != lastEpoch) {
      // the shards hold the last epoch's rows: the owners read the best epoch's from its checkpoint
      session.readShards(stored.bestTablesDir().toString(), hadoop());
    }
  }

  @Override
  public Report report() {
    return new Report(List.copyOf(traffic), driverHeldRows);
  }

  @Override
  public String lost() {
    return session == null ? null : session.lost();
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
  }

  private Configuration hadoop() {
    return sc.hadoopConfiguration();
  }
}
