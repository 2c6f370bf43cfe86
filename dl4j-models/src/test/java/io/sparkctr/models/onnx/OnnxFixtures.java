package io.sparkctr.models.onnx;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.IndexTable;
import io.sparkctr.features.manifest.FeatureManifest.MultiSlot;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.graph.TableGroup;
import io.sparkctr.models.graph.TableGroups;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Small bundles for the export tests: three slots (user, item_id, hour-of-day), two pooled fields
 * (recent_items of length 5 hashed as item_id, tags of 3), one dense value; with tables, "items" holds
 * item_id and recent_items, "default" the rest. Tables N(0, 0.3²), so every term counts.
 */
final class OnnxFixtures {
  static final int BITS = 8;
  static final List<Integer> BAGS = List.of(5, 3);

  private OnnxFixtures() {}

  static FeatureManifest manifest(boolean tables, double negativeRate) {
    return manifest(tables, negativeRate, BITS);
  }

  /** With a default index space of 2^{@code bits} rows. */
  static FeatureManifest manifest(boolean tables, double negativeRate, int bits) {
    List<Slot> slots = List.of(new Slot("user", Slot.CATEGORICAL, List.of("user"), null, null, 0, null),
        new Slot("item_id", Slot.CATEGORICAL, List.of("item_id"), null, null, 0, null),
        new Slot("hour-of-day", Slot.TIME, List.of("ts"), "hour-of-day", null, 0, null, "UTC"));
    List<MultiSlot> multi = List.of(new MultiSlot("recent_items", " ", 5, "mean", null, "newest-first", 0, null,
        "item_id"), new MultiSlot("tags", "|", 3, "sum", null, "oldest-first", 0, null, null));
    List<IndexTable> t = tables ? List.of(new IndexTable("items", BITS, List.of("item_id", "recent_items")),
        new IndexTable(IndexTable.DEFAULT, BITS, List.of("user", "hour-of-day", "tags"))) : List.of();
    return new FeatureManifest(1, new FeatureManifest.RawInput("csv", true, ",", List.of(), List.of()),
        new FeatureManifest.Fields("label", null, null, List.of("user", "item_id"), List.of("price"), "ts",
            "epoch-seconds", "UTC", "x"),
        new FeatureManifest.Hashing(bits, 42, 10, t), slots, List.of(new FeatureManifest.DenseField("price", 3, 2)),
        new FeatureManifest.Downsampling(negativeRate, 7), null, null, multi);
  }

  static ModelSpec spec(ModelType type, FeatureManifest m, CrossNetwork cross) {
    ModelSpec.Builder b = ModelSpec.builder(type, 3, 1 << m.hashing().bits()).denseFeatures(1).embeddingDim(4).hidden(8, 4)
        .learningRate(0.01).seed(3).positiveWeight(2).bagLengths(BAGS).cross(cross);
    if (m.indexTables().size() > 1) {
      b.tables(TableGroups.of(m, 4, type.hasFmTerm() ? Map.of() : Map.of("items", 3)));
    }
    return b.build();
  }

  static ModelBundle bundle(ModelSpec spec, FeatureManifest m) {
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT);
    randomize(TableBinding.tablesOf(net), 0.3);
    return new ModelBundle(net, m, spec, new TrainingSummary(0, 0, 0, 0.5, 0.5, List.of()));
  }

  /** As {@link #bundle(ModelSpec, FeatureManifest)}, randomizing only the first {@code rows} rows (big tables). */
  static ModelBundle bundle(ModelSpec spec, FeatureManifest m, long rows) {
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT);
    randomize(TableBinding.tablesOf(net), 0.3, rows);
    return new ModelBundle(net, m, spec, new TrainingSummary(0, 0, 0, 0.5, 0.5, List.of()));
  }

  static void randomize(ModelTables tables, double std) {
    randomize(tables, std, Long.MAX_VALUE);
  }

  /** Rows below {@code upTo} of every table N(0, std²). */
  static void randomize(ModelTables tables, double std, long upTo) {
    Random rnd = new Random(17);
    for (String name : tables.names()) {
      LocalTable t = tables.local(name);
      float[] w = new float[t.dim()];
      for (long id = 0; id < Math.min(upTo, t.rows()); id++) {
        for (int c = 0; c < w.length; c++) {
          w[c] = (float) (std * rnd.nextGaussian());
        }
        t.setWeights(id, w, 0);
      }
    }
  }

  /** Random rows of {@code spec}'s layout, each index within its group's table, bags of 1 to L items. */
  static List<FeatureRow> rows(ModelSpec spec, int n, long seed) {
    return rows(spec, n, seed, Long.MAX_VALUE);
  }

  /** As {@link #rows(ModelSpec, int, long)}, every index below {@code upTo}. */
  static List<FeatureRow> rows(ModelSpec spec, int n, long seed, long upTo) {
    Random rnd = new Random(seed);
    long[] rowsOf = new long[spec.modelFields()];
    for (TableGroup g : spec.groups()) {
      g.fields().forEach(f -> rowsOf[f] = Math.min(upTo, g.rows()));
    }
    List<FeatureRow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] idx = new int[spec.fields()];
      for (int f = 0; f < idx.length; f++) {
        idx[f] = (int) (rnd.nextDouble() * rowsOf[f]);
      }
      int[][] bags = new int[spec.bagLengths().size()][];
      float[][] weights = new float[bags.length][];
      for (int b = 0; b < bags.length; b++) {
        int len = 1 + rnd.nextInt(spec.bagLengths().get(b));
        bags[b] = new int[len];
        weights[b] = new float[len];
        for (int j = 0; j < len; j++) {
          bags[b][j] = (int) (rnd.nextDouble() * rowsOf[spec.fields() + b]);
          weights[b][j] = 1f / len;
        }
      }
      out.add(new FeatureRow(rnd.nextInt(2), 0, idx, new double[] {rnd.nextGaussian()}, null, bags, weights));
    }
    return out;
  }
}
