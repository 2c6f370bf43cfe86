package io.sparkctr.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.common.json.Json;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableIO;
import io.sparkctr.models.train.TrainState;
import io.sparkctr.training.tables.StoredTables;
import io.sparkctr.training.tables.TableContent;
import io.sparkctr.training.tables.TablePlacement;
import io.sparkctr.training.tables.sharded.ShardFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-epoch checkpoints in a directory on any Hadoop file system:
 * <pre>
 *   epoch-0003/model.zip              the graph after epoch 3, with updater state
 *   epoch-0003/tables/NAME.table      its embedding tables, with optimizer state
 *   epoch-0003/best.bin               dense parameters of the best epoch so far
 *   epoch-0003/best-tables/NAME.table its embedding tables, with optimizer state (only where no kept
 *                                     checkpoint holds them: see below)
 *   epoch-0003/state.json             {@link TrainState}
 *   epoch-0003/checksums.json         the CRC32C of every file above ({@link CheckpointSums}), verified on read
 * </pre>
 * What the tables part holds is the run's {@link TablePlacement}'s ({@link TableContent}): tables on
 * the driver are written by it, and with sharded tables the owners write {@code tables/} as shard
 * files ({@link ShardFiles}) and the driver commits the checkpoint once all have. The best epoch's
 * tables are written once: the best epoch's checkpoint is kept beside the newest, and its {@code
 * tables/} are the best tables. Only a checkpoint whose best epoch's checkpoint is gone (a run
 * resumed from a checkpoint written before this layout, which carried {@code best-tables/}) carries
 * {@code best-tables/} of its own. The placement reads the tables back ({@link StoredTables}).
 * Each is written under a hidden temporary name and renamed when complete, so a killed run leaves
 * either a whole checkpoint or an ignored temporary. Only the newest checkpoint is kept, and the
 * best epoch's. The directory is claimed before training and only a run's own
 * files are ever removed from it ({@link #claim}, {@link #delete}).
 */
public final class Checkpoints implements StoredTables {
  static final String MODEL = "model.zip";
  static final String BEST = "best.bin";
  static final String STATE = "state.json";
  static final String TABLES = "tables";
  static final String BEST_TABLES = "best-tables";
  /** The feature manifest the run trains on, beside the checkpoints: a resume must use the same transform. */
  static final String MANIFEST = "features-manifest.json";
  private static final ObjectMapper JSON = Json.PRETTY;
  private final FileSystem fs;
  private final Path dir;

  /**
   * A checkpoint read back: the graph (bound to no tables: its run's {@link TablePlacement#resume}
   * binds them) with updater state, the best epoch's dense parameters, the training state.
   */
  public record Loaded(ComputationGraph model, INDArray best, TrainState state) {}

  public Checkpoints(String dir, Configuration conf) {
    try {
      Path p = new Path(dir);
      this.fs = p.getFileSystem(conf);
      this.dir = fs.makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use checkpoint directory " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  static String name(int epoch) {
    return String.format("epoch-%04d", epoch);
  }

  /**
   * Writes the checkpoint of {@code state}'s epoch, its tables as the run's placement gives them.
   *
   * @param best the best epoch's dense parameters
   * @return the bytes of table files the owners wrote ({@link TableContent.ByOwners}; 0 otherwise)
   */
  public long save(ComputationGraph net, INDArray best, TrainState state, TableContent content) {
    if (content instanceof TableContent.OnDriver d) {
      return write(net, best, state, dir -> {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String name : d.tables().names()) {
          writeTable(d.tables().local(name), new Path(dir, name + ".table"), sums);
        }
        return new TableContent.Written(0, sums);
      }, bestKept(state) ? null : carriedBestTables(state));
    }
    return write(net, best, state, ((TableContent.ByOwners) content).owners(),
        bestKept(state) ? null : carriedBestTables(state));
  }

  /**
   * Whether the best epoch's tables are a checkpoint's {@code tables/} this directory keeps: this
   * epoch's own (it is the best), or the best epoch's complete checkpoint. Else (a run resumed from a
   * checkpoint that carried {@code best-tables/}, its best epoch's checkpoint long removed, with tables on
   * the driver or sharded now) the new checkpoint carries the best tables itself.
   */
  private boolean bestKept(TrainState state) {
    if (state.bestEpoch() == state.epoch() || state.bestEpoch() == 0) { // 0: no epoch judged best yet, none to keep
      return true;
    }
    try {
      // complete as the newest is found complete: its state, written last before the rename into place
      return fs.exists(new Path(new Path(dir, name(state.bestEpoch())), STATE));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code best-tables/} of the newest checkpoint, which a checkpoint whose best epoch's own is
   * gone carries on (a run resumed from a checkpoint written before the best epoch's was kept).
   */
  private Path carriedBestTables(TrainState state) {
    Optional<Path> newest = latestPath();
    try {
      if (newest.isPresent() && fs.exists(new Path(newest.get(), BEST_TABLES))) {
        try (InputStream in = fs.open(new Path(newest.get(), STATE))) {
          if (JSON.readValue(in, TrainState.class).bestEpoch() == state.bestEpoch()) {
            return new Path(newest.get(), BEST_TABLES);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint directory " + dir + ": " + e.getMessage(), e);
    }
    throw new IllegalStateException("Cannot write checkpoint of epoch " + state.epoch() + " under " + dir
        + ": no checkpoint there holds the tables of its best epoch " + state.bestEpoch());
  }

  /** Copies the table files of {@code from} into {@code to}, summing each as {@code BEST_TABLES/name}. */
  private void copyTables(Path from, Path to, Map<String, String> sums) throws IOException {
    fs.mkdirs(to);
    for (FileStatus f : fs.listStatus(from)) {
      String n = f.getPath().getName();
      if (!n.endsWith(".table")) {
        continue;
      }
      try (InputStream in = fs.open(f.getPath());
           OutputStream out = CheckpointSums.summing(fs.create(new Path(to, n), false), BEST_TABLES + "/" + n, sums)) {
        in.transferTo(out);
      }
    }
  }

  /** @param bestTables where the best tables to carry on are, or null: the best epoch's checkpoint holds them */
  private long write(ComputationGraph net, INDArray best, TrainState state, TableContent.Writer tables,
                     Path bestTables) {
    Path tmp = new Path(dir, "." + name(state.epoch()) + ".tmp-" + UUID.randomUUID());
    try {
      fs.mkdirs(tmp);
      Map<String, String> sums = new TreeMap<>();
      try (OutputStream out = CheckpointSums.summing(fs.create(new Path(tmp, MODEL), false), MODEL, sums)) {
        ModelSerializer.writeModel(net, out, true);
      }
      try (DataOutputStream out = new DataOutputStream(CheckpointSums.summing(fs.create(new Path(tmp, BEST), false),
          BEST, sums))) {
        Nd4j.write(best, out);
      }
      Path tablesDir = new Path(tmp, TABLES);
      fs.mkdirs(tablesDir);
      TableContent.Written written = tables.write(tablesDir);
      written.sums().forEach((file, sum) -> sums.put(TABLES + "/" + file, sum));
      if (bestTables != null) {
        copyTables(bestTables, new Path(tmp, BEST_TABLES), sums);
      }
      try (OutputStream out = CheckpointSums.summing(fs.create(new Path(tmp, STATE), false), STATE, sums)) {
        out.write(JSON.writeValueAsString(state).getBytes(StandardCharsets.UTF_8));
      }
      CheckpointSums.write(fs, tmp, sums);
      long bytes = written.bytes();
      Path done = new Path(dir, name(state.epoch()));
      fs.delete(done, true);
      if (!fs.rename(tmp, done)) {
        throw new IOException("rename " + tmp + " -> " + done + " failed");
      }
      String keepBest = bestTables == null ? name(state.bestEpoch()) : done.getName();
      for (FileStatus s : fs.listStatus(dir)) {
        String n = s.getPath().getName();
        // older checkpoints (but the best epoch's, with sharded tables) and killed runs' temporaries; other
        // files (the epoch curve, the directory's marker) stay
        if (!n.equals(done.getName()) && !n.equals(keepBest) && (n.matches("epoch-\\d{4}") || n.startsWith(".epoch-"))) {
          fs.delete(s.getPath(), true);
        }
      }
      return bytes;
    } catch (IOException | org.apache.hadoop.fs.FSError e) { // FSError: a local disk's write failed (e.g. full)
      IOException io = e instanceof IOException x ? x : new IOException(e.getCause().getMessage(), e.getCause());
      removeQuietly(tmp);
      throw new UncheckedIOException("Cannot write checkpoint of epoch " + state.epoch() + " under " + dir + ": "
          + io.getMessage(), io);
    }
  }

  /** Whether the directory holds any complete checkpoint. */
  public boolean any() {
    return latestPath().isPresent();
  }

  /**
   * The newest complete checkpoint, if any, its files verified first; its tables are read by the
   * run's placement ({@link StoredTables}).
   */
  public Optional<Loaded> latest() {
    Optional<Path> p = latestPath();
    if (p.isEmpty()) {
      return Optional.empty();
    }
    try {
      CheckpointSums.verify(fs, p.get()); // first: nothing is loaded from a damaged file
      ComputationGraph net;
      try (InputStream in = fs.open(new Path(p.get(), MODEL))) {
        net = ModelSerializer.restoreComputationGraph(in, true);
      }
      INDArray best;
      try (DataInputStream in = new DataInputStream(fs.open(new Path(p.get(), BEST)))) {
        best = Nd4j.read(in);
      }
      TrainState state;
      try (InputStream in = fs.open(new Path(p.get(), STATE))) {
        state = JSON.readValue(in, TrainState.class);
      }
      return Optional.of(new Loaded(net, best, state));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + p.get() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, LocalTable> latestTables() {
    Path p = latestPath().orElseThrow(() -> new IllegalStateException("Cannot read the tables: no complete "
        + "checkpoint under " + dir));
    try {
      return readTables(new Path(p, TABLES));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * The best epoch's tables of the newest checkpoint as new tables (after a run with sharded tables:
   * assembled from the best epoch's shard files). For the format's tests; a run reads them into its
   * own tables ({@link #readBestInto}).
   */
  Map<String, LocalTable> bestTables() {
    Path p = latestPath().orElseThrow(() -> new IllegalStateException("Cannot read the best tables: no complete "
        + "checkpoint under " + dir));
    try (InputStream in = fs.open(new Path(p, STATE))) {
      return readTables(bestTablesOf(p, JSON.readValue(in, TrainState.class)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the best tables of checkpoint " + p + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void readBestInto(ModelTables into, boolean exceptNewest) {
    Path best = bestTablesDir();
    if (exceptNewest && best.equals(latestTablesDir())) {
      return;
    }
    try {
      Set<String> read = new TreeSet<>();
      if (ShardFiles.in(fs, best)) {
        read.addAll(ShardFiles.readInto(fs, best, into));
      } else {
        for (FileStatus f : fs.listStatus(best)) {
          try (InputStream in = new BufferedInputStream(fs.open(f.getPath()), 1 << 20)) {
            read.add(TableIO.readInto(in, f.getPath().toString(), h -> into.local(h.name())).name());
          }
        }
      }
      if (!read.equals(new TreeSet<>(into.names()))) {
        throw new IllegalStateException("Cannot read the best tables from " + best + ": it holds tables " + read
            + ", the model " + new TreeSet<>(into.names()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the best tables " + best + ": " + e.getMessage(), e);
    }
  }

  /** The tables/ directory of the newest complete checkpoint. */
  @Override
  public Path latestTablesDir() {
    return new Path(latestPath().orElseThrow(() -> new IllegalStateException("Cannot find the tables: no complete "
        + "checkpoint under " + dir)), TABLES);
  }

  /** Where the best epoch's tables of the newest checkpoint are (sharded: its kept checkpoint's tables/). */
  @Override
  public Path bestTablesDir() {
    Path p = latestPath().orElseThrow(() -> new IllegalStateException("Cannot find the best tables: no complete "
        + "checkpoint under " + dir));
    try (InputStream in = fs.open(new Path(p, STATE))) {
      return bestTablesOf(p, JSON.readValue(in, TrainState.class));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + p + ": " + e.getMessage(), e);
    }
  }

  /** best-tables/ of the checkpoint, or (sharded) the tables/ of the best epoch's kept checkpoint. */
  private Path bestTablesOf(Path checkpoint, TrainState state) throws IOException {
    Path own = new Path(checkpoint, BEST_TABLES);
    if (fs.exists(own)) {
      return own;
    }
    if (state.bestEpoch() == 0) { // no epoch was judged best (an undefined AUC): the tables as they are
      return new Path(checkpoint, TABLES);
    }
    Path kept = new Path(dir, name(state.bestEpoch()));
    if (!kept.equals(checkpoint)) {
      CheckpointSums.verify(fs, kept);
    }
    return new Path(kept, TABLES);
  }

  /** Removes a checkpoint's temporary directory after a failed write (best effort: the failure is reported). */
  private void removeQuietly(Path tmp) {
    try {
      fs.delete(tmp, true);
    } catch (IOException | RuntimeException ignored) {
      // the write's own failure is what the run reports
    }
  }

  private void writeTable(LocalTable t, Path file, Map<String, String> sums) throws IOException {
    try (OutputStream out = new BufferedOutputStream(CheckpointSums.summing(fs.create(file, false), file.getName(),
        sums), 1 << 20)) {
      TableIO.write(t, true, out);
    }
  }

  private Map<String, LocalTable> readTables(Path dir) throws IOException {
    Map<String, LocalTable> out = new LinkedHashMap<>();
    if (!fs.exists(dir)) {
      return out;
    }
    if (ShardFiles.in(fs, dir)) {
      return ShardFiles.assemble(fs, dir);
    }
    FileStatus[] files = fs.listStatus(dir);
    Arrays.sort(files);
    for (FileStatus f : files) {
      try (InputStream in = new BufferedInputStream(fs.open(f.getPath()), 1 << 20)) {
        LocalTable t = TableIO.read(in, f.getPath().toString());
        out.put(t.name(), t);
      }
    }
    return out;
  }

  private Optional<Path> latestPath() {
    try {
      if (!fs.exists(dir)) {
        return Optional.empty();
      }
      return Arrays.stream(fs.listStatus(dir)).map(FileStatus::getPath)
          .filter(p -> p.getName().matches("epoch-\\d{4}"))
          .filter(p -> exists(new Path(p, STATE)))
          .max(Comparator.comparing(Path::getName));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoints under " + dir + ": " + e.getMessage(), e);
    }
  }

  private boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      return false;
    }
  }

  /** Records the feature manifest this run trains on (before its first checkpoint). */
  public void saveManifest(String json) {
    Path f = new Path(dir, MANIFEST);
    try (OutputStream out = fs.create(f, true)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + f + ": " + e.getMessage(), e);
    }
  }

  /** The manifest {@link #saveManifest} recorded; empty for checkpoints written before it was recorded. */
  public Optional<String> manifestJson() {
    Path f = new Path(dir, MANIFEST);
    try {
      if (!fs.exists(f)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(f)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Claims the directory for this run before training: creates and marks a missing one; refuses one
   * holding anything but a training run's checkpoint files, naming what it holds ({@link CheckpointDir}).
   * Idempotent.
   */
  public void claim() {
    new CheckpointDir(fs, dir).claim();
  }

  /**
   * Removes what training runs wrote here (after the model is published, unless checkpoints are
   * kept), logging it; the directory itself only if a run created it. Nothing else is touched.
   */
  public void delete() {
    new CheckpointDir(fs, dir).removeOwn();
  }
}
