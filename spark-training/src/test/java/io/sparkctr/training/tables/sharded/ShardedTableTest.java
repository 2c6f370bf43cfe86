package io.sparkctr.training.tables.sharded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.TableOptimizer;
import io.sparkctr.models.tables.TableRows;
import io.sparkctr.models.tables.TableStep;
import io.sparkctr.models.tables.sharded.ShardMap;
import io.sparkctr.models.tables.sharded.ShardedTable;
import io.sparkctr.models.tables.sharded.ShardedTables;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Two shards in one JVM, each a real Netty table server on loopback and a client to the other:
 * what they gather and how they apply gradients equals one {@link LocalTable} exactly, the owners
 * stepping every row at their learning-rate scale.
 */
class ShardedTableTest {
  private static final long ROWS = 101;
  private static final int DIM = 4;

  @ParameterizedTest
  @ValueSource(strings = {"adam", "adagrad", "ftrl", "sgd"})
  void twoShardsOnLoopbackEqualOneLocalTable(String optimizer) throws IOException {
    TableOptimizer opt = new TableOptimizer(optimizer, 0.05, 0.001, 0.01);
    LocalTable single = new LocalTable("emb", ROWS, DIM, opt);
    single.initialize(0.1, 3);
    try (TwoShards two = new TwoShards(single)) {
      LocalTable[] shards = two.shards;
      ShardClient[] clients = two.clients;
      ShardedTable[] tables = two.tables;
      ShardedTable[] users = {tables[0], tables[1], two.joiner};  // the owners and an executor that owns none
      SplittableRandom rnd = new SplittableRandom(11);
      for (int step = 0; step < 40; step++) {
        long[] ids = distinct(rnd, 1 + rnd.nextInt(40));
        float[] grads = new float[ids.length * DIM];
        for (int i = 0; i < grads.length; i++) {
          grads[i] = (float) rnd.nextGaussian();
        }
        double scale = step < 20 ? 1.0 : 0.5;
        TableStep ts = new TableStep(8, scale);
        for (ShardedTables owner : two.owned) {
          owner.setLearningRateScale(scale);  // as the session sets every owner's before an epoch
        }
        single.applyGradients(ids, grads, ids.length, ts);
        users[step % 3].applyGradients(ids, grads, ids.length, ts);  // owners push local and remote rows, the joiner remote
      }
      long[] all = new long[(int) ROWS + 3];
      for (int i = 0; i < all.length; i++) {
        all[i] = i < ROWS ? ROWS - 1 - i : i % 7;  // every row, some twice
      }
      float[] expected = new float[all.length * DIM];
      single.gather(all, all.length, expected);
      for (ShardedTable t : users) {
        float[] got = new float[all.length * DIM];
        t.gather(all, all.length, got);
        assertArrayEquals(expected, got, optimizer + ": rows gathered through shard " + t);
      }
      assertEquals(single.step(), shards[0].step(), "every owner counts every step");
      assertEquals(single.step(), shards[1].step());
      assertTrue(clients[0].requests.get() > 0 && clients[1].requests.get() > 0, "both pulled or pushed remotely");
      assertThrows(IllegalArgumentException.class, () -> tables[0].gather(new long[] {ROWS}, 1, new float[DIM]));
    }
  }

  @Test
  void concurrentWorkersOnBothShardsLoseNoUpdate() throws Exception {
    LocalTable zeros = new LocalTable("emb", ROWS, DIM, new TableOptimizer("sgd", 1.0, 0, 0));
    int threads = 4;
    int steps = 50;
    try (TwoShards two = new TwoShards(zeros)) {
      long[] all = java.util.stream.LongStream.range(0, ROWS).toArray();
      float[] ones = new float[all.length * DIM];
      java.util.Arrays.fill(ones, 1f);
      List<java.util.concurrent.Callable<Void>> work = new java.util.ArrayList<>();
      for (int w = 0; w < threads; w++) {
        ShardedTable t = two.tables[w % 2];
        work.add(() -> {
          float[] rows = new float[all.length * DIM];
          for (int i = 0; i < steps; i++) {
            t.gather(all, all.length, rows);
            t.applyGradients(all, ones, all.length, new TableStep(1, 1));
          }
          return null;
        });
      }
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      try {
        for (java.util.concurrent.Future<Void> f : pool.invokeAll(work)) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      float[] got = new float[all.length * DIM];
      two.tables[1].gather(all, all.length, got);
      float[] expected = new float[got.length];
      java.util.Arrays.fill(expected, -threads * steps);  // sgd at rate 1: every step moves every weight by -1
      assertArrayEquals(expected, got);
      assertEquals(threads * steps, two.shards[0].step());
    }
  }

  /** Two shards of {@code source} in this JVM: real table servers on loopback, a client each. */
  private static final class TwoShards implements AutoCloseable {
    final ShardMap map;
    final ShardedTables[] owned = new ShardedTables[2];
    final LocalTable[] shards = new LocalTable[2];
    final ShardServer[] servers = new ShardServer[2];
    final ShardClient[] clients = new ShardClient[2];
    final ShardedTable[] tables = new ShardedTable[2];
    final ShardClient joinerClient;
    final ShardedTable joiner;

    TwoShards(LocalTable source) throws IOException {
      map = new ShardMap(List.of("0", "1"), List.of("127.0.0.1", "127.0.0.1"), List.of(freePort(), freePort()));
      List<TableShape> shapes = List.of(new TableShape(source));
      for (int s = 0; s < 2; s++) {
        clients[s] = new ShardClient(map, Duration.ofSeconds(10));
        owned[s] = new ShardedTables("two-shards-" + s, map, s, shapes, clients[s], false);
        shards[s] = owned[s].shard("emb");
        float[] row = new float[TableRows.stride(source)];
        for (long r = 0; r < shards[s].rows(); r++) {
          if (map.global(s, r) < ROWS) {
            TableRows.read(source, map.global(s, r), row, 0);
            TableRows.write(shards[s], r, row, 0);
          }
        }
        servers[s] = new ShardServer("127.0.0.1", map.port(s));
        servers[s].serve(map, s, owned[s]);
        tables[s] = (ShardedTable) owned[s].tables().table("emb");
      }
      joinerClient = new ShardClient(map, Duration.ofSeconds(10));
      joiner = (ShardedTable) new ShardedTables("two-shards-joiner", map, -1, shapes, joinerClient, false).tables()
          .table("emb");
    }

    @Override
    public void close() {
      if (joinerClient != null) {
        joinerClient.close();
      }
      for (int s = 0; s < 2; s++) {
        if (clients[s] != null) {
          clients[s].close();
        }
        if (servers[s] != null) {
          servers[s].close();
        }
      }
    }
  }

  @Test
  void silentPeerFailsTheStepWithinTheTimeoutNamingIt() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      ShardMap map = new ShardMap(List.of("0", "7"), List.of("127.0.0.1", "127.0.0.1"),
          List.of(freePort(), silent.getLocalPort()));
      try (ShardClient client = new ShardClient(map, Duration.ofMillis(500))) {
        EmbeddingTable t = shardZero(map, client);
        long remote = 0;
        while (map.owner(remote) != 1) {
          remote++;
        }
        long[] ids = {remote};
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.gather(ids, 1, new float[DIM]));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 5, "failed after " + seconds + " s");
        String m = e.getMessage();
        assertTrue(m.contains("shard 1") && m.contains("executor 7") && m.contains("127.0.0.1:" + silent.getLocalPort())
            && m.contains("no answer within 500 ms"), m);
      }
    }
  }

  @Test
  void closedPeerFailsAtOnceNamingIt() throws IOException {
    int closed = freePort();
    ShardMap map = new ShardMap(List.of("0", "1"), List.of("127.0.0.1", "127.0.0.1"), List.of(freePort(), closed));
    try (ShardClient client = new ShardClient(map, Duration.ofSeconds(5))) {
      EmbeddingTable t = shardZero(map, client);
      long[] ids = {0, 1, 2, 3, 4, 5};
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> t.applyGradients(ids, new float[ids.length * DIM], ids.length, new TableStep(1, 1)));
      assertTrue(e.getMessage().contains("executor 1 at 127.0.0.1:" + closed) && e.getMessage().contains("connect"),
          e.getMessage());
    }
  }

  @Test
  void ownershipIsABalancedBijection() {
    for (int n = 1; n <= 5; n++) {
      ShardMap map = new ShardMap(List.of("a", "b", "c", "d", "e").subList(0, n), List.of("h", "h", "h", "h", "h")
          .subList(0, n), List.of(1, 2, 3, 4, 5).subList(0, n));
      long[] owned = new long[n];
      for (long id = 0; id < 1003; id++) {
        int o = map.owner(id);
        owned[o]++;
        assertEquals(id, map.global(o, map.local(id)), "id " + id + " of " + n + " shards");
      }
      for (long c : owned) {
        assertTrue(Math.abs(c - 1003.0 / n) <= 1, "balanced: " + java.util.Arrays.toString(owned));
      }
    }
  }

  /** Table "emb" as the owner of shard 0 of {@code map} sees it. */
  private static EmbeddingTable shardZero(ShardMap map, ShardClient client) {
    LocalTable whole = new LocalTable("emb", ROWS, DIM, TableOptimizer.embeddingDefault());
    return new ShardedTables("shard-zero", map, 0, List.of(new TableShape(whole)), client, false).tables()
        .table("emb");
  }

  private static long[] distinct(SplittableRandom rnd, int n) {
    return rnd.longs(0, ROWS).distinct().limit(n).toArray();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
