package io.sparkctr.models.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.InputLayout;
import io.sparkctr.models.tables.TableOptimizer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What to build: a typed, validated description of a CTR graph.
 *
 * @param type LR, FM, WIDE_DEEP or DEEPFM
 * @param fields length of the index array (feature manifest slots)
 * @param denseFeatures length of the dense array (0 when none)
 * @param hashSize size of the index space (2^bits)
 * @param embeddingDim k
 * @param hidden MLP layer sizes (WIDE_DEEP, DEEPFM)
 * @param activation MLP activation, e.g. relu
 * @param dropout drop probability in the MLP, [0, 1)
 * @param wideL1 L1 on the dense-linear weights (DL4J, per step on the mean loss)
 * @param wideL2 L2 on the dense-linear weights
 * @param deepL1 L1 on the MLP
 * @param deepL2 L2 on the MLP
 * @param optimizer DL4J updater of the dense part: adam, adagrad or sgd
 * @param learningRate the dense updater's rate
 * @param gradientClip element-wise gradient clip; 0 = none
 * @param positiveWeight weight of a positive example's loss relative to a negative's (1 = none);
 *     the learnt odds are w times the true odds, which {@link #recalibrationFactor} undoes
 * @param seed weight initialization seed
 * @param linearTable optimizer (with its own L1/L2) of the first-order table "linear-emb" (k = 1)
 * @param embeddingTable optimizer (with its own L1/L2) of the k-dim table "emb"
 * @param bagLengths per multi-valued (pooled) field of the manifest, its max-length: each is one more
 *     field vector after the {@code fields} slots (FM and DeepFM pair it like any field); empty when
 *     none (and in specs written before pooled fields)
 * @param tables the table groups when the features have per-field index spaces
 *     ({@code features.hashing.tables}): each field in exactly one, each with its rows and dimension;
 *     empty: the one group {@link TableGroup#DEFAULT} of {@code hashSize} rows and {@code embeddingDim}
 *     over every field (see {@link #groups()}); not written when empty, so a spec without groups
 *     is written as before them (checkpoints compare the spec's JSON)
 */
public record ModelSpec(ModelType type, int fields, int denseFeatures, int hashSize, int embeddingDim,
                        List<Integer> hidden, String activation, double dropout, double wideL1, double wideL2,
                        double deepL1, double deepL2, String optimizer, double learningRate, double gradientClip,
                        double positiveWeight, long seed, TableOptimizer linearTable,
                        TableOptimizer embeddingTable, List<Integer> bagLengths,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TableGroup> tables)
    implements Serializable {
  public static final List<String> OPTIMIZERS = List.of("adam", "adagrad", "sgd");
  /** The largest learning rate accepted: beyond it every optimizer here diverges at once. */
  public static final double MAX_LEARNING_RATE = 10;

  /** A spec without pooled fields. */
  public ModelSpec(ModelType type, int fields, int denseFeatures, int hashSize, int embeddingDim,
                   List<Integer> hidden, String activation, double dropout, double wideL1, double wideL2,
                   double deepL1, double deepL2, String optimizer, double learningRate, double gradientClip,
                   double positiveWeight, long seed, TableOptimizer linearTable, TableOptimizer embeddingTable) {
    this(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1, wideL2, deepL1,
        deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable, embeddingTable, List.of());
  }

  /** A spec with pooled fields and one table group. */
  public ModelSpec(ModelType type, int fields, int denseFeatures, int hashSize, int embeddingDim,
                   List<Integer> hidden, String activation, double dropout, double wideL1, double wideL2,
                   double deepL1, double deepL2, String optimizer, double learningRate, double gradientClip,
                   double positiveWeight, long seed, TableOptimizer linearTable, TableOptimizer embeddingTable,
                   List<Integer> bagLengths) {
    this(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1, wideL2, deepL1,
        deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable, embeddingTable, bagLengths,
        List.of());
  }

  @JsonCreator
  public ModelSpec {
    hidden = List.copyOf(hidden);
    bagLengths = bagLengths == null ? List.of() : List.copyOf(bagLengths);
    tables = tables == null ? List.of() : List.copyOf(tables);
    require(bagLengths.stream().allMatch(l -> l > 0), "bag lengths " + bagLengths + " must be > 0");
    optimizer = optimizer.toLowerCase(Locale.ROOT);
    require(fields >= 0 && fields + bagLengths.size() > 0, "fields " + fields + " and " + bagLengths.size()
        + " pooled fields: the model needs at least one");
    require(denseFeatures >= 0, "denseFeatures " + denseFeatures + " must be >= 0");
    require(!tables.isEmpty() || hashSize > 2 * (fields + bagLengths.size()), "hashSize " + hashSize
        + " must exceed the reserved 2 × fields");
    requireGroups(type, fields + bagLengths.size(), embeddingDim, tables);
    require(linearTable != null && embeddingTable != null, "table optimizers must be set");
    require(!type.hasEmbeddings() || embeddingDim > 0, "embeddingDim " + embeddingDim + " must be > 0 for " + type);
    require(!type.hasMlp() || !hidden.isEmpty(), type + " needs at least one hidden layer");
    require(hidden.stream().allMatch(h -> h > 0), "hidden sizes " + hidden + " must be > 0");
    require(dropout >= 0 && dropout < 1, "dropout " + dropout + " outside [0, 1)");
    require(wideL1 >= 0 && wideL2 >= 0 && deepL1 >= 0 && deepL2 >= 0 && Double.isFinite(wideL1 + wideL2 + deepL1 + deepL2),
        "L1/L2 must be finite and >= 0");
    require(OPTIMIZERS.contains(optimizer), "optimizer '" + optimizer + "' not one of " + OPTIMIZERS);
    require(learningRate > 0 && learningRate <= MAX_LEARNING_RATE, "learningRate " + learningRate + " must be in (0, "
        + MAX_LEARNING_RATE + "]");
    require(gradientClip >= 0 && Double.isFinite(gradientClip), "gradientClip " + gradientClip
        + " must be finite and >= 0");
    require(positiveWeight > 0 && Double.isFinite(positiveWeight), "positiveWeight " + positiveWeight + " must be > 0");
  }

  /** A spec with the default table optimizers ({@link TableOptimizer#linearDefault()}, embeddingDefault()). */
  public ModelSpec(ModelType type, int fields, int denseFeatures, int hashSize, int embeddingDim,
                   List<Integer> hidden, String activation, double dropout, double wideL1, double wideL2,
                   double deepL1, double deepL2, String optimizer, double learningRate, double gradientClip,
                   double positiveWeight, long seed) {
    this(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1, wideL2, deepL1,
        deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, TableOptimizer.linearDefault(),
        TableOptimizer.embeddingDefault());
  }

  private static void requireGroups(ModelType type, int modelFields, int embeddingDim, List<TableGroup> tables) {
    if (tables.isEmpty()) {
      return;
    }
    int[] owner = new int[modelFields];
    Arrays.fill(owner, -1);
    Set<String> names = new HashSet<>();
    for (int g = 0; g < tables.size(); g++) {
      TableGroup t = tables.get(g);
      require(names.add(t.name()), "table group '" + t.name() + "' is listed twice");
      require(!type.hasEmbeddings() || t.dim() > 0, "table group " + t.name() + " has dimension " + t.dim()
          + "; " + type + " needs > 0");
      for (int f : t.fields()) {
        require(f >= 0 && f < modelFields, "table group " + t.name() + " names field " + f + " of " + modelFields);
        require(owner[f] < 0, "field " + f + " is in table groups " + (owner[f] < 0 ? "" : tables.get(owner[f]).name())
            + " and " + t.name());
        owner[f] = g;
      }
    }
    for (int f = 0; f < modelFields; f++) {
      require(owner[f] >= 0, "field " + f + " is in no table group");
    }
    if (type.hasFmTerm()) {
      Map<String, Integer> dims = new LinkedHashMap<>();
      tables.forEach(t -> dims.put(t.name(), t.dim()));
      require(dims.values().stream().distinct().count() == 1, type + " pairs the embeddings of every field (its FM "
          + "term), so every table needs one dimension, but the tables have " + dims
          + ": set sparkctr.model.table-dims to one value, or use model type wide-deep");
    }
  }

  /**
   * The model's table groups: {@link #tables()}, or the one group {@link TableGroup#DEFAULT} of
   * {@code hashSize} rows and {@code embeddingDim} (at least 1) holding every field.
   */
  public List<TableGroup> groups() {
    if (!tables.isEmpty()) {
      return tables;
    }
    List<Integer> all = IntStream.range(0, modelFields()).boxed().toList();
    return List.of(new TableGroup(TableGroup.DEFAULT, hashSize, Math.max(embeddingDim, 1), all));
  }

  /** Width of the MLP's embedding input: Σ over groups of dimension × fields. */
  public int embeddingWidth() {
    return groups().stream().mapToInt(g -> g.dim() * g.fields().size()).sum();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot build model spec: " + message);
    }
  }



  /** Width of one input row: the ids (two floats each, see {@link Batches}), bag weights, then the dense values. */
  public int inputWidth() {
    return layout().width();
  }

  /** The input row's layout ({@link InputLayout}). */
  public InputLayout layout() {
    return new InputLayout(fields, bagLengths, denseFeatures);
  }

  /** Field vectors of the embedding layers: the slots and the pooled fields. */
  public int modelFields() {
    return fields + bagLengths.size();
  }

  /**
   * The factor that maps this model's probabilities back to the true click rate (see
   * {@code CtrMetrics}): the negative keep-rate of the training data divided by the positive weight.
   */
  public double recalibrationFactor(double negativeRate) {
    return negativeRate / positiveWeight;
  }

  /**
   * Whether a graph of {@code o} has the same parameters with the same meaning as one of this spec:
   * same type, input widths, hash space, embedding size, hidden layers and activation. The
   * optimizer, regularization and seed may differ (e.g. for a warm start).
   */
  public boolean sameArchitecture(ModelSpec o) {
    return type == o.type && fields == o.fields && denseFeatures == o.denseFeatures && hashSize == o.hashSize
        && embeddingDim == o.embeddingDim && hidden.equals(o.hidden) && activation.equals(o.activation)
        && bagLengths.equals(o.bagLengths) && groups().equals(o.groups());
  }

  public ModelSpec withType(ModelType t) {
    return new ModelSpec(t, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1, wideL2,
        deepL1, deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable, embeddingTable,
        bagLengths, tables);
  }

  public ModelSpec withTables(TableOptimizer linear, TableOptimizer embedding) {
    return new ModelSpec(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1,
        wideL2, deepL1, deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linear, embedding,
        bagLengths, tables);
  }

  /** A copy with pooled fields of these max-lengths. */
  public ModelSpec withBagLengths(List<Integer> lengths) {
    return new ModelSpec(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1,
        wideL2, deepL1, deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable,
        embeddingTable, lengths, tables);
  }

  /** A copy with these table groups (per-field index spaces); empty: one group. */
  public ModelSpec withTableGroups(List<TableGroup> groups) {
    return new ModelSpec(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1,
        wideL2, deepL1, deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable,
        embeddingTable, bagLengths, groups);
  }
}
