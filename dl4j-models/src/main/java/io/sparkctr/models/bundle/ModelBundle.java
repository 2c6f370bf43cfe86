package io.sparkctr.models.bundle;

import io.sparkctr.common.json.Json;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.TableGroups;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.Int8Table;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.Quantization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained model — graph plus embedding tables — and everything needed to use it, as one
 * directory (format 3):
 * <pre>
 *   bundle.json        {"format": 3, "tables": [names], "optimizerState": true|false, "checksums": {...}}:
 *                      {@link BundleMarker}, with the CRC32C of every other file, verified on read
 *   model.zip          the DL4J graph (dense part; with DL4J's updater state when optimizerState)
 *   tables/NAME.table  each embedding table ({@code TableIO}: weights, optimizer state when optimizerState)
 *   manifest.json      the feature manifest the model was trained on (the exact transform)
 *   spec.json          the model spec
 *   summary.json       training summary (epochs, metrics, data counts)
 *   lineage.json       where it came from ({@link BundleLineage}: versions, commit, config, inputs, time);
 *                      absent in bundles written before it existed, which load with a null lineage
 * </pre>
 * Serving bundles leave the optimizer state out ({@link #write(Path)}); checkpoints keep it
 * ({@code write(dir, true)}) so training resumes exactly. A serving bundle still warm starts: the
 * tables' state is derived from the weights. A format 2 bundle (no checksums) loads with a
 * warning; a format 1 bundle (no bundle.json) is refused with a message naming its format.
 *
 * <p>An int8 bundle ({@link #write(Path, boolean, Map, Quantization)} with {@link Quantization#INT8},
 * {@code sparkctr export --quantize int8}) stores its k-dim tables as read-only row-wise int8 (table format 3;
 * first-order tables stay float) and says {@code "quantization": "int8"} in bundle.json. Reading it binds
 * the graph to {@link Int8Table}s, which stay int8 in memory and dequantize only the rows a batch gathers:
 * it scores ({@link BundleScorer}) like the float model whose tables hold the dequantized values, and it
 * cannot be trained, warm started from or written with optimizer state ({@link Int8Table#servingOnly}).
 * Written again, its tables stay int8. The model's tables are those bound to {@link #model()}
 * ({@link #tables()}). {@link #write} fills a directory that must not exist yet (or is empty);
 * callers publish it atomically.
 */
public record ModelBundle(ComputationGraph model, FeatureManifest manifest, ModelSpec spec, TrainingSummary summary,
                          BundleLineage lineage) {
  public static final String MODEL = "model.zip";
  public static final String SPEC = "spec.json";
  public static final String SUMMARY = "summary.json";
  public static final String LINEAGE = "lineage.json";
  private static final ObjectMapper JSON = Json.PRETTY;

  public ModelBundle {
    List<Integer> bags = manifest.multiValued().stream().map(FeatureManifest.MultiSlot::maxLength).toList();
    if (manifest.indexWidth() != spec.fields() || manifest.dense().size() != spec.denseFeatures()
        || !bags.equals(spec.bagLengths()) || !TableGroups.fit(manifest, spec)) {
      throw new IllegalArgumentException("Cannot bundle model: spec (" + spec.fields() + " slots, "
          + spec.denseFeatures() + " dense, tables " + TableGroups.describe(spec.groups()) + ", pooled fields of lengths "
          + spec.bagLengths() + ") does not fit the manifest (" + manifest.indexWidth() + " slots, "
          + manifest.dense().size() + " dense, tables " + manifest.indexTables() + ", pooled " + bags + ")");
    }
  }

  /** A bundle without lineage (tests, single-JVM training); {@link #withLineage} adds it. */
  public ModelBundle(ComputationGraph model, FeatureManifest manifest, ModelSpec spec, TrainingSummary summary) {
    this(model, manifest, spec, summary, null);
  }

  public ModelBundle withLineage(BundleLineage l) {
    return new ModelBundle(model, manifest, spec, summary, l);
  }

  /** The factor that recalibrates this model's probabilities ({@code CtrMetrics#recalibrate}). */
  public double recalibrationFactor() {
    return spec.recalibrationFactor(manifest.downsampling().negativeRate());
  }

  /** The model's embedding tables. */
  public ModelTables tables() {
    return TableBinding.tablesOf(model);
  }

  /** {@link Quantization#INT8} for an int8 bundle's model (serving only), else NONE. */
  public Quantization quantization() {
    return tables().quantization();
  }

  /** Writes a serving bundle: without optimizer state. */
  public void write(Path dir) {
    write(dir, false);
  }

  /** @param withOptimizerState keep DL4J's updater state and the tables' optimizer state (checkpoints) */
  public void write(Path dir, boolean withOptimizerState) {
    write(dir, withOptimizerState, Map.of());
  }

  /**
   * As {@link #write(Path, boolean)}, with {@code extra} files (relative name → text, e.g. the
   * training master's JSON) written into the bundle before bundle.json sums every file.
   */
  public void write(Path dir, boolean withOptimizerState, Map<String, String> extra) {
    write(dir, withOptimizerState, extra, Quantization.NONE);
  }

  /**
   * As {@link #write(Path, boolean, Map)}, with the tables stored under {@code q}: {@link Quantization#INT8}
   * writes an int8 bundle (its k-dim tables row-wise int8, serving only; see the class comment).
   *
   * @throws IllegalArgumentException when int8 tables would be written with optimizer state
   */
  public void write(Path dir, boolean withOptimizerState, Map<String, String> extra, Quantization q) {
    try {
      if (Files.exists(dir) && !isEmptyDirectory(dir)) {
        throw new IllegalArgumentException("Cannot write model bundle: " + dir + " already exists");
      }
      Files.createDirectories(dir);
      try (OutputStream out = Files.newOutputStream(dir.resolve(MODEL))) {
        ModelSerializer.writeModel(model, out, withOptimizerState);
      }
      List<String> tableNames = BundleTables.write(tables(), withOptimizerState, q, dir);
      Files.writeString(dir.resolve(FeatureManifest.FILE_NAME), manifest.toJson());
      Files.writeString(dir.resolve(SPEC), JSON.writeValueAsString(spec));
      Files.writeString(dir.resolve(SUMMARY), JSON.writeValueAsString(summary));
      if (lineage != null) {
        Files.writeString(dir.resolve(LINEAGE), Json.CONTRACT.writeValueAsString(lineage)); // config keys sorted
      }
      for (Map.Entry<String, String> e : extra.entrySet()) {
        Path f = dir.resolve(e.getKey()); // a name may hold a folder, e.g. Spark ML's metadata/part-00000
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
      }
      BundleMarker.write(dir, tableNames, withOptimizerState, tables().storedAs(q)); // last: it sums every other file
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write model bundle " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  public static ModelBundle read(Path dir) {
    try {
      for (String f : new String[] {MODEL, FeatureManifest.FILE_NAME, SPEC, SUMMARY}) {
        if (!Files.isRegularFile(dir.resolve(f))) {
          throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + f + " is missing");
        }
      }
      BundleMarker marker = BundleMarker.readVerified(dir); // first: nothing is loaded from a damaged file
      ComputationGraph net;
      try (InputStream in = Files.newInputStream(dir.resolve(MODEL))) {
        net = ModelSerializer.restoreComputationGraph(in, true);
      }
      TableBinding.bind(net, BundleTables.read(dir, marker));
      FeatureManifest manifest = FeatureManifest.fromJson(Files.readString(dir.resolve(FeatureManifest.FILE_NAME)),
          dir.resolve(FeatureManifest.FILE_NAME).toString());
      ModelSpec spec = JSON.readValue(Files.readString(dir.resolve(SPEC)), ModelSpec.class);
      TrainingSummary summary = JSON.readValue(Files.readString(dir.resolve(SUMMARY)), TrainingSummary.class);
      BundleLineage lineage = Files.isRegularFile(dir.resolve(LINEAGE))
          ? JSON.readerFor(BundleLineage.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(Files.readString(dir.resolve(LINEAGE))) : null; // a newer writer's fields are ignored
      return new ModelBundle(net, manifest, spec, summary, lineage);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model bundle " + dir + ": " + e.getMessage(), e);
    }
  }
}
