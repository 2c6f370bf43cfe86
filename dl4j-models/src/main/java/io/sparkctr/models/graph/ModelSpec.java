package io.sparkctr.models.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.InputLayout;
import io.sparkctr.models.tables.TableOptimizer;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

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
 */
public record ModelSpec(ModelType type, int fields, int denseFeatures, int hashSize, int embeddingDim,
                        List<Integer> hidden, String activation, double dropout, double wideL1, double wideL2,
                        double deepL1, double deepL2, String optimizer, double learningRate, double gradientClip,
                        double positiveWeight, long seed, TableOptimizer linearTable,
                        TableOptimizer embeddingTable, List<Integer> bagLengths) implements Serializable {
  public static final List<String> OPTIMIZERS = List.of("adam", "adagrad", "sgd");

  /** A spec without pooled fields. */
  public ModelSpec(ModelType type, int fields, int denseFeatures, int hashSize, int embeddingDim,
                   List<Integer> hidden, String activation, double dropout, double wideL1, double wideL2,
                   double deepL1, double deepL2, String optimizer, double learningRate, double gradientClip,
                   double positiveWeight, long seed, TableOptimizer linearTable, TableOptimizer embeddingTable) {
    this(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1, wideL2, deepL1,
        deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable, embeddingTable, List.of());
  }

  @JsonCreator
  public ModelSpec {
    hidden = List.copyOf(hidden);
    bagLengths = bagLengths == null ? List.of() : List.copyOf(bagLengths);
    require(bagLengths.stream().allMatch(l -> l > 0), "bag lengths " + bagLengths + " must be > 0");
    optimizer = optimizer.toLowerCase(Locale.ROOT);
    require(fields >= 0 && fields + bagLengths.size() > 0, "fields " + fields + " and " + bagLengths.size()
        + " pooled fields: the model needs at least one");
    require(denseFeatures >= 0, "denseFeatures " + denseFeatures + " must be >= 0");
    require(hashSize > 2 * (fields + bagLengths.size()), "hashSize " + hashSize
        + " must exceed the reserved 2 × fields");
    require(linearTable != null && embeddingTable != null, "table optimizers must be set");
    require(!type.hasEmbeddings() || embeddingDim > 0, "embeddingDim " + embeddingDim + " must be > 0 for " + type);
    require(!type.hasMlp() || !hidden.isEmpty(), type + " needs at least one hidden layer");
    require(hidden.stream().allMatch(h -> h > 0), "hidden sizes " + hidden + " must be > 0");
    require(dropout >= 0 && dropout < 1, "dropout " + dropout + " outside [0, 1)");
    require(wideL1 >= 0 && wideL2 >= 0 && deepL1 >= 0 && deepL2 >= 0, "L1/L2 must be >= 0");
    require(OPTIMIZERS.contains(optimizer), "optimizer '" + optimizer + "' not one of " + OPTIMIZERS);
    require(learningRate > 0, "learningRate " + learningRate + " must be > 0");
    require(gradientClip >= 0, "gradientClip " + gradientClip + " must be >= 0");
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
        && bagLengths.equals(o.bagLengths);
  }

  public ModelSpec withType(ModelType t) {
    return new ModelSpec(t, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1, wideL2,
        deepL1, deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable, embeddingTable,
        bagLengths);
  }

  public ModelSpec withTables(TableOptimizer linear, TableOptimizer embedding) {
    return new ModelSpec(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1,
        wideL2, deepL1, deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linear, embedding,
        bagLengths);
  }

  /** A copy with pooled fields of these max-lengths. */
  public ModelSpec withBagLengths(List<Integer> lengths) {
    return new ModelSpec(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1,
        wideL2, deepL1, deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable,
        embeddingTable, lengths);
  }
}
