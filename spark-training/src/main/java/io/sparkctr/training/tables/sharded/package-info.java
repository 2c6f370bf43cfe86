/**
 * Embedding tables sharded by row across executor JVMs ({@code sparkctr.training.tables = sharded}):
 * their placement on the executors and their transport. The tables themselves (a shard's rows and
 * optimizer, the sharded table a graph's layer steps) are dl4j-models'
 * ({@code io.sparkctr.models.tables.sharded}).
 *
 * <ul>
 *   <li><b>Ownership</b> ({@link io.sparkctr.models.tables.sharded.ShardMap}): N = the executors
 *       alive when training starts; {@code owner(id) = (id + hash(id / N)) mod N}, local row
 *       {@code id / N}. Each executor holds ~rows/N rows of every table with their optimizer state
 *       in a {@code LocalTable} (the heap check runs against the shard, not the table).</li>
 *   <li><b>Access</b> ({@link io.sparkctr.models.tables.sharded.ShardedTable}, registered under
 *       the driver's model key on every executor, so DL4J's worker graphs and scoring tasks find
 *       it): a gather groups the ids by owner, reads its own rows in place and pulls the others; a
 *       step's row gradients are pushed to their owners, whose row optimizer applies them at the
 *       owner's learning-rate scale (set on every owner before each epoch).</li>
 *   <li><b>Consistency</b>: synchronous pull/push per step. A step returns after every owner has
 *       applied its rows (so a worker reads its own writes); concurrent workers' updates of a row
 *       are serialized by the owner and none is lost; a read may miss an update in flight from
 *       another worker (staleness of at most the other workers' one in-flight step each). The dense
 *       part is DL4J's: averaged or shared by the training master.</li>
 *   <li><b>Transport</b> ({@link io.sparkctr.training.tables.sharded.Wire}): Netty TCP, one server
 *       per executor on {@code table-base-port + executor id} at the executor's Spark host (its
 *       address inside {@code gradient-sharing.network-mask} when that is set; loopback on one
 *       host), length-prefixed frames,
 *       PULL and PUSH requests answered by id; every request has a deadline
 *       ({@code table-timeout}): a lost or silent owner fails the step naming its shard, executor
 *       and address.</li>
 *   <li><b>Lifecycle</b> ({@link io.sparkctr.training.tables.sharded.ShardedSession}, driven from
 *       the driver through {@code OnEachExecutor}): start servers → shard map → create shards and
 *       register; a new run's owners initialize their own rows (a table's initial weights are a
 *       function of the seed and the row id, so they equal the whole table's), a resumed run's
 *       owners read their rows from the checkpoint's shard files, a warm-started run ships each
 *       owner its rows of the driver's tables (runs of 16 MiB by broadcasts destroyed at once) → per epoch: the owners' learning-rate scale, training, and the checkpoint:
 *       every owner writes its shard of every table ({@link io.sparkctr.training.tables.sharded.ShardFiles},
 *       weights and optimizer state) into the checkpoint directory on the Hadoop file system, and the
 *       driver commits the epoch once all have; validation on the executors reads the shards → at the
 *       end the driver assembles the best epoch's tables from its checkpoint (kept beside the newest)
 *       for the bundle, and puts them back into the shards for the final validation if a later epoch
 *       was worse → servers and clients closed at the end or on failure, on every live executor.</li>
 *   <li><b>Executors</b>: N is fixed for a run. An executor that registers later (slow to start, a
 *       replacement, one added by the cluster manager) owns no shard: tasks carry a
 *       {@link io.sparkctr.training.tables.sharded.ShardTicket} with which it reaches every row
 *       remotely. An owner that is lost ({@link io.sparkctr.training.tables.sharded.ShardWatch}:
 *       Spark removed its executor) fails the run at once with a {@link
 *       io.sparkctr.training.tables.sharded.ShardLost} whose one-line message names the executor and its shard; nothing
 *       is published, and {@code --resume} continues from the last committed checkpoint on the
 *       executors alive then, however many (the shard files are assembled and sharded again).
 *       Detection takes what Spark takes to remove the executor: at once when its JVM dies, up to
 *       {@code spark.network.timeout} (120 s) for a host that goes silent; a pull or push in flight
 *       fails after {@code table-timeout}.</li>
 * </ul>
 *
 * <p>Limits: the driver's tables stay unallocated while training (but for a warm start's), and
 * the best epoch's tables are assembled there once, from the checkpoint's shard files, for the
 * bundle: the driver's heap must hold the whole tables at the end.
 */
package io.sparkctr.training.tables.sharded;
