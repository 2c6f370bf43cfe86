/**
 * Embedding tables sharded by row across executor JVMs ({@code sparkctr.training.tables = sharded}).
 *
 * <ul>
 *   <li><b>Ownership</b> ({@link io.sparkctr.training.tables.sharded.ShardMap}): N = the executors
 *       alive when training starts; {@code owner(id) = (id + hash(id / N)) mod N}, local row
 *       {@code id / N}. Each executor holds ~rows/N rows of every table with their optimizer state
 *       in a {@code LocalTable} (the heap check runs against the shard, not the table).</li>
 *   <li><b>Access</b> ({@link io.sparkctr.training.tables.sharded.ShardedTable}, registered under
 *       the driver's model key on every executor, so DL4J's worker graphs and scoring tasks find
 *       it): a gather groups the ids by owner, reads its own rows in place and pulls the others; a
 *       step's row gradients are pushed to their owners, whose row optimizer applies them.</li>
 *   <li><b>Consistency</b>: synchronous pull/push per step. A step returns after every owner has
 *       applied its rows (so a worker reads its own writes); concurrent workers' updates of a row
 *       are serialized by the owner and none is lost; a read may miss an update in flight from
 *       another worker (staleness of at most the other workers' one in-flight step each). The dense
 *       part is DL4J's: averaged or shared by the training master as before.</li>
 *   <li><b>Transport</b> ({@link io.sparkctr.training.tables.sharded.Wire}): Netty TCP, one server
 *       per executor on {@code table-base-port + executor id} at the address chosen by
 *       {@code gradient-sharing.network-mask} (loopback on one host), length-prefixed frames,
 *       PULL and PUSH requests answered by id; every request has a deadline
 *       ({@code table-timeout}): a lost or silent owner fails the step naming its shard, executor
 *       and address.</li>
 *   <li><b>Lifecycle</b> ({@link io.sparkctr.training.tables.sharded.ShardedSession}, driven from
 *       the driver through {@code OnEachExecutor}): start servers → shard map → create shards and
 *       register → ship each owner its rows of the driver's tables → per epoch: learning-rate
 *       scale, training, rows gathered back into the driver's tables (best-epoch snapshot,
 *       checkpoint, bundle); validation on the executors reads the shards → the best epoch's rows
 *       put back into the shards for the final validation → servers and clients closed at the end
 *       or on failure.</li>
 * </ul>
 *
 * <p>Limits of this step: the driver holds the whole tables (gathered after every epoch);
 * checkpoints are the driver's tables; N is fixed for a run (no executor may join or be replaced).
 */
package io.sparkctr.training.tables.sharded;
