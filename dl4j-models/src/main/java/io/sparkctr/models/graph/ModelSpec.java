package io.sparkctr.models.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import io.sparkctr.features.manifest.FeatureManifest;
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
 * What to build: a typed, validated description of a CTR graph. Made by {@link #builder} (named values
 * over the defaults of {@code conf/defaults.conf}), {@link #toBuilder()} (a changed copy) or {@link #from}
 * (the config and the feature manifest); validated at construction. A bundle's {@code spec.json} is these
 * components as one flat JSON object in this order (checkpoints compare it as text).
 *
 * @param type the model family ({@link ModelType})
 * @param fields length of the index array (feature manifest slots)
 * @param denseFeatures length of the dense array (0 when none)
 * @param hashSize size of the index space (2^bits)
 * @param embeddingDim k
 * @param hidden MLP layer sizes (WIDE_DEEP, DEEPFM, DCN_V2)
 * @param activation MLP activation, e.g. relu
 * @param dropout drop probability at the input of each hidden MLP layer (element-wise), [0, 1); at the
 *     first one's (the MLP's input) too unless {@code inputDropout} is set
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
 * @param inputDropout drop probability of each value of the MLP's input (the concatenated field vectors
 *     and dense values), [0, 1); null: {@code dropout}. Not written when null
 * @param outputDropout drop probability at the input of the MLP's output layer (the last hidden
 *     layer's values), [0, 1); not written when 0
 * @param fieldDropout drop probability of a whole field vector (all k values of one field of one example)
 *     for every consumer of the embeddings (FM term, MLP, cross network), [0, 1); not written when 0. The
 *     first-order term sees every field
 * @param cross the cross network of {@link ModelType#DCN_V2} ({@link CrossNetwork}); other types ignore it
 *     ({@link #from} leaves it at the default for them); not written when it is {@link CrossNetwork#DEFAULT}
 *     and read as the default when absent, so specs written before DCN-v2 read and write unchanged
 * @param l2Mode how {@code wideL2}, {@code deepL2} and the cross network's L2 act ({@link L2Mode}); the
 *     builder's default is {@link L2Mode#DECOUPLED}. Recorded as {@link L2Mode#COUPLED} when every one of
 *     them is 0 (the mode then changes nothing) and read as it when absent (specs written before it trained
 *     so); written only when decoupled, so a spec without L2 is written as before it
 */
public record ModelSpec(ModelType type, int fields, int denseFeatures, int hashSize, int embeddingDim,
                        List<Integer> hidden, String activation, double dropout, double wideL1, double wideL2,
                        double deepL1, double deepL2, String optimizer, double learningRate, double gradientClip,
                        double positiveWeight, long seed, TableOptimizer linearTable,
                        TableOptimizer embeddingTable, List<Integer> bagLengths,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TableGroup> tables,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double inputDropout,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double outputDropout,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double fieldDropout,
                        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = CrossNetwork.OmitDefault.class)
                        CrossNetwork cross,
                        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = L2Mode.OmitCoupled.class)
                        L2Mode l2Mode)
    implements Serializable {
  /** Where {@link #from} reads a spec in the config. */
  public static final String CONFIG_ROOT = "sparkctr.model";
  public static final List<String> OPTIMIZERS = DenseOptimizer.configNames();
  /** The largest learning rate accepted: beyond it every optimizer here diverges at once. */
  public static final double MAX_LEARNING_RATE = 10;

  @JsonCreator
  public ModelSpec {
    hidden = List.copyOf(hidden);
    bagLengths = bagLengths == null ? List.of() : List.copyOf(bagLengths);
    tables = tables == null ? List.of() : List.copyOf(tables);
    cross = cross == null ? CrossNetwork.DEFAULT : cross;
    l2Mode = l2Mode == null || !anyL2(wideL2, deepL2, cross) ? L2Mode.COUPLED : l2Mode;
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
    require(inputDropout == null || inputDropout >= 0 && inputDropout < 1, "input-dropout " + inputDropout
        + " outside [0, 1)");
    require(outputDropout >= 0 && outputDropout < 1, "output-dropout " + outputDropout + " outside [0, 1)");
    require(fieldDropout >= 0 && fieldDropout < 1, "field-dropout " + fieldDropout + " outside [0, 1)");
    require(wideL1 >= 0 && wideL2 >= 0 && deepL1 >= 0 && deepL2 >= 0 && Double.isFinite(wideL1 + wideL2 + deepL1 + deepL2),
        "L1/L2 must be finite and >= 0");
    require(OPTIMIZERS.contains(optimizer), "optimizer '" + optimizer + "' not one of " + OPTIMIZERS);
    require(learningRate > 0 && learningRate <= MAX_LEARNING_RATE, "learningRate " + learningRate + " must be in (0, "
        + MAX_LEARNING_RATE + "]");
    require(gradientClip >= 0 && Double.isFinite(gradientClip), "gradientClip " + gradientClip
        + " must be finite and >= 0");
    require(positiveWeight > 0 && Double.isFinite(positiveWeight), "positiveWeight " + positiveWeight + " must be > 0");
  }

  /** Whether any L2 that {@link #l2Mode} governs is set. */
  private static boolean anyL2(double wideL2, double deepL2, CrossNetwork cross) {
    return wideL2 + deepL2 + cross.l2() != 0;
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

  /**
   * A warning for a spec that regularizes the MLP ({@code deep-l1}/{@code deep-l2}) and none of the
   * embedding table's rows: the embeddings live outside DL4J, so the deep part's L1/L2 never reaches
   * them (it did when the tables were DL4J parameters), and a rare value's row can memorise.
   */
  public java.util.Optional<String> tableRegularizationWarning() {
    TableOptimizer e = embeddingTable();
    boolean tables = e.decay() > 0 || e.shrink() > 0 || e.l1() > 0 || e.l2() > 0;
    if (!type().hasEmbeddings() || tables || deepL1() + deepL2() == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("sparkctr.model.deep-l1/deep-l2 (" + deepL1() + "/" + deepL2() + ") regularize the MLP "
        + "only, not the embedding tables; set sparkctr.model.tables.embedding.decay (every row, every step) or l2 "
        + "(rows a minibatch touches) to regularize the embeddings");
  }

  /** Group {@code g}'s first-order table settings: its own, else {@link #linearTable}. */
  public TableOptimizer linearTable(TableGroup g) {
    return g.linearOptimizer() != null ? g.linearOptimizer() : linearTable;
  }

  /** Group {@code g}'s embedding table settings: its own, else {@link #embeddingTable}. */
  public TableOptimizer embeddingTable(TableGroup g) {
    return g.embeddingOptimizer() != null ? g.embeddingOptimizer() : embeddingTable;
  }

  /** The element-wise drop probability at the MLP's input: {@link #inputDropout}, else {@link #dropout}. */
  public double mlpInputDropout() {
    return inputDropout != null ? inputDropout : dropout;
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
   * same type, input widths, hash space, embedding size, hidden layers, activation and (DCN-v2) the
   * cross network's layers, rank and structure. The
   * optimizer, regularization and seed may differ (e.g. for a warm start).
   */
  public boolean sameArchitecture(ModelSpec o) {
    return type == o.type && fields == o.fields && denseFeatures == o.denseFeatures && hashSize == o.hashSize
        && embeddingDim == o.embeddingDim && hidden.equals(o.hidden) && activation.equals(o.activation)
        && bagLengths.equals(o.bagLengths) && groups().equals(o.groups())
        && (!type.hasCross() || cross.sameShape(o.cross));
  }

  /**
   * A builder of a spec of {@code type} over {@code fields} slots and an index space of {@code hashSize}
   * rows; everything else starts at the defaults of {@code sparkctr.model} in {@code conf/defaults.conf}
   * (no dense features, no pooled fields, one table group).
   */
  public static Builder builder(ModelType type, int fields, int hashSize) {
    return new Builder(type, fields, hashSize);
  }

  /** A builder holding this spec's values: change some and {@link Builder#build()} a validated copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * {@code sparkctr.model} of {@code root} plus the feature manifest → a validated spec: the manifest fixes
   * the slot count, the pooled fields' lengths, the dense width and the index tables (one per
   * {@code features.hashing.tables} entry, see {@link TableGroups}), the config everything else: each
   * table's dimension ({@code table-dims}, default {@code embedding-dim}) and the tables' optimizers under
   * {@code tables.linear} and {@code tables.embedding}.
   *
   * @param source where the config came from, for error messages
   */
  public static ModelSpec from(Config root, String source, FeatureManifest m) {
    try {
      Config c = root.getConfig(CONFIG_ROOT);
      List<TableGroup> tables = GroupTables.apply(c, TableGroups.of(m, c.getInt("embedding-dim"), tableDims(c)));
      return fromConfig(c, source, m.indexWidth(), 1 << m.hashing().bits())
          .denseFeatures(m.dense().size())
          .bagLengths(m.multiValued().stream().map(FeatureManifest.MultiSlot::maxLength).toList())
          .tables(tables)
          .build();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + CONFIG_ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks {@code sparkctr.model} as {@link #from} reads it, without the feature manifest (which fixes
   * only the model's shape): the type, every value's type and range, the tables' optimizers and the types
   * of {@code table-dims}. A command calls it before its Spark session exists, and before
   * {@code --print-config} prints.
   */
  public static void check(Config root, String source) {
    try {
      Config c = root.getConfig(CONFIG_ROOT);
      tableDims(c);
      GroupTables.check(c);
      fromConfig(c, source, 1, 4).build();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + CONFIG_ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }

  /** Every value of {@code sparkctr.model} but the table dimensions, which need the manifest. */
  private static Builder fromConfig(Config c, String source, int fields, int hashSize) {
    ModelType type = configType(c, source);
    return builder(type, fields, hashSize)
        .embeddingDim(c.getInt("embedding-dim"))
        .hidden(c.getIntList("hidden"))
        .activation(c.getString("activation"))
        .dropout(c.getDouble("dropout"))
        .inputDropout(optional(c, "input-dropout", -1) == -1 ? null : optional(c, "input-dropout", -1))
        .outputDropout(optional(c, "output-dropout", 0))
        .fieldDropout(optional(c, "field-dropout", 0))
        .wideL1(c.getDouble("wide-l1"))
        .wideL2(c.getDouble("wide-l2"))
        .deepL1(c.getDouble("deep-l1"))
        .deepL2(c.getDouble("deep-l2"))
        .optimizer(c.getString("optimizer"))
        .learningRate(c.getDouble("learning-rate"))
        .gradientClip(c.getDouble("gradient-clip"))
        .positiveWeight(c.getDouble("positive-weight"))
        .seed(c.getLong("seed"))
        .linearTable(tableOptimizer(c.getConfig("tables.linear")))
        .embeddingTable(tableOptimizer(c.getConfig("tables.embedding")))
        .cross(crossNetwork(c, source, type))
        .l2Mode(choice(c, "l2-mode", source, L2Mode.DECOUPLED, L2Mode::parse, L2Mode.configNames()));
  }

  /**
   * The cross network of {@code cross-layers}, {@code cross-rank}, {@code structure} and {@code cross-l2}
   * (each at {@link CrossNetwork#DEFAULT}'s value when absent), validated for every type; kept only for a
   * type with a cross network, so another type's spec (and its JSON) does not depend on these keys.
   */
  private static CrossNetwork crossNetwork(Config c, String source, ModelType type) {
    CrossNetwork d = CrossNetwork.DEFAULT;
    CrossNetwork cross = new CrossNetwork(c.hasPath("cross-layers") ? c.getInt("cross-layers") : d.layers(),
        c.hasPath("cross-rank") ? c.getInt("cross-rank") : d.rank(),
        choice(c, "structure", source, d.structure(), CrossStructure::parse, CrossStructure.configNames()),
        c.hasPath("cross-l2") ? c.getDouble("cross-l2") : d.l2());
    return type.hasCross() ? cross : d;
  }

  /**
   * The enum value {@code key} names ({@code absent} when the key is absent), or an error naming the key,
   * the value, where it was set and the choices.
   */
  private static <E extends Enum<E>> E choice(Config c, String key, String source, E absent,
                                              java.util.function.Function<String, E> parse, List<String> names) {
    if (!c.hasPath(key)) {
      return absent;
    }
    String s = c.getString(key);
    try {
      return parse.apply(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read " + CONFIG_ROOT + "." + key + " of " + source + ": '" + s
          + "' (" + c.getValue(key).origin().description() + ") is not one of " + names, e);
    }
  }

  /** A key added after configs of its section were first written (saved with models): absent = {@code absent}. */
  private static double optional(Config c, String key, double absent) {
    return c.hasPath(key) ? c.getDouble(key) : absent;
  }

  /** {@code type}, or an error naming the key, the value and where it was set. */
  private static ModelType configType(Config c, String source) {
    String type = c.getString("type");
    try {
      return ModelType.parse(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read " + CONFIG_ROOT + ".type of " + source + ": '" + type + "' ("
          + c.getValue("type").origin().description() + ") is not one of " + ModelType.names(), e);
    }
  }

  private static Map<String, Integer> tableDims(Config c) {
    Map<String, Integer> dims = new LinkedHashMap<>();
    if (c.hasPath("table-dims")) {
      Config t = c.getConfig("table-dims");
      for (String name : t.root().keySet()) {
        dims.put(name, t.getInt(ConfigUtil.joinPath(name)));
      }
    }
    return dims;
  }

  static TableOptimizer tableOptimizer(Config t) {
    return new TableOptimizer(t.getString("optimizer"), t.getDouble("learning-rate"), t.getDouble("l1"),
        t.getDouble("l2"), t.hasPath("decay") ? t.getDouble("decay") : 0, t.hasPath("shrink") ? t.getDouble("shrink") : 0,
        t.hasPath("adaptive") && t.getBoolean("adaptive"));
  }

  /**
   * A {@link ModelSpec} being put together, one named value at a time; {@link #build()} validates.
   * Each component of the record has here a field (with its default), a setter of the same name, a line
   * in the copying constructor and an argument of {@link #build()}: a new component is added in these
   * four spots ({@code ModelSpecTest} checks that every component has its setter and survives
   * {@link ModelSpec#toBuilder()}).
   */
  public static final class Builder {
    private ModelType type;
    private int fields;
    private int denseFeatures = 0;
    private int hashSize;
    private int embeddingDim = 16;
    private List<Integer> hidden = List.of(400, 400);
    private String activation = "relu";
    private double dropout = 0;
    private double wideL1 = 0;
    private double wideL2 = 0;
    private double deepL1 = 0;
    private double deepL2 = 0;
    private String optimizer = "adam";
    private double learningRate = 1e-3;
    private double gradientClip = 0;
    private double positiveWeight = 1;
    private long seed = 42;
    private TableOptimizer linearTable = TableOptimizer.linearDefault();
    private TableOptimizer embeddingTable = TableOptimizer.embeddingDefault();
    private List<Integer> bagLengths = List.of();
    private List<TableGroup> tables = List.of();
    private Double inputDropout = null;
    private double outputDropout = 0;
    private double fieldDropout = 0;
    private CrossNetwork cross = CrossNetwork.DEFAULT;
    private L2Mode l2Mode = L2Mode.DECOUPLED;

    private Builder(ModelType type, int fields, int hashSize) {
      this.type = type;
      this.fields = fields;
      this.hashSize = hashSize;
    }

    private Builder(ModelSpec s) {
      type = s.type;
      fields = s.fields;
      denseFeatures = s.denseFeatures;
      hashSize = s.hashSize;
      embeddingDim = s.embeddingDim;
      hidden = s.hidden;
      activation = s.activation;
      dropout = s.dropout;
      wideL1 = s.wideL1;
      wideL2 = s.wideL2;
      deepL1 = s.deepL1;
      deepL2 = s.deepL2;
      optimizer = s.optimizer;
      learningRate = s.learningRate;
      gradientClip = s.gradientClip;
      positiveWeight = s.positiveWeight;
      seed = s.seed;
      linearTable = s.linearTable;
      embeddingTable = s.embeddingTable;
      bagLengths = s.bagLengths;
      tables = s.tables;
      inputDropout = s.inputDropout;
      outputDropout = s.outputDropout;
      fieldDropout = s.fieldDropout;
      cross = s.cross;
      // a spec without L2 records coupled (it changes nothing there); its copy keeps the default for new L2
      l2Mode = anyL2(s.wideL2, s.deepL2, s.cross) ? s.l2Mode : L2Mode.DECOUPLED;
    }

    /** The validated spec (see {@link ModelSpec}); the builder can go on to build others. */
    public ModelSpec build() {
      return new ModelSpec(type, fields, denseFeatures, hashSize, embeddingDim, hidden, activation, dropout, wideL1,
          wideL2, deepL1, deepL2, optimizer, learningRate, gradientClip, positiveWeight, seed, linearTable,
          embeddingTable, bagLengths, tables, inputDropout, outputDropout, fieldDropout,
          cross, l2Mode);
    }

    public Builder type(ModelType type) {
      this.type = type;
      return this;
    }

    public Builder fields(int fields) {
      this.fields = fields;
      return this;
    }

    public Builder denseFeatures(int denseFeatures) {
      this.denseFeatures = denseFeatures;
      return this;
    }

    public Builder hashSize(int hashSize) {
      this.hashSize = hashSize;
      return this;
    }

    public Builder embeddingDim(int embeddingDim) {
      this.embeddingDim = embeddingDim;
      return this;
    }

    public Builder hidden(List<Integer> hidden) {
      this.hidden = hidden;
      return this;
    }

    /** The MLP's layer sizes; none (for LR and FM, which have no MLP) with no arguments. */
    public Builder hidden(int... sizes) {
      return hidden(Arrays.stream(sizes).boxed().toList());
    }

    public Builder activation(String activation) {
      this.activation = activation;
      return this;
    }

    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder wideL1(double wideL1) {
      this.wideL1 = wideL1;
      return this;
    }

    public Builder wideL2(double wideL2) {
      this.wideL2 = wideL2;
      return this;
    }

    public Builder deepL1(double deepL1) {
      this.deepL1 = deepL1;
      return this;
    }

    public Builder deepL2(double deepL2) {
      this.deepL2 = deepL2;
      return this;
    }

    public Builder optimizer(String optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder gradientClip(double gradientClip) {
      this.gradientClip = gradientClip;
      return this;
    }

    public Builder positiveWeight(double positiveWeight) {
      this.positiveWeight = positiveWeight;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder linearTable(TableOptimizer linearTable) {
      this.linearTable = linearTable;
      return this;
    }

    public Builder embeddingTable(TableOptimizer embeddingTable) {
      this.embeddingTable = embeddingTable;
      return this;
    }

    /** Pooled fields of these max-lengths; empty: none. */
    public Builder bagLengths(List<Integer> bagLengths) {
      this.bagLengths = bagLengths;
      return this;
    }

    /** The MLP input's element-wise drop probability; null: {@link #dropout}'s. */
    public Builder inputDropout(Double inputDropout) {
      this.inputDropout = inputDropout;
      return this;
    }

    public Builder outputDropout(double outputDropout) {
      this.outputDropout = outputDropout;
      return this;
    }

    public Builder fieldDropout(double fieldDropout) {
      this.fieldDropout = fieldDropout;
      return this;
    }

    /** These table groups (per-field index spaces); empty: the one group {@link TableGroup#DEFAULT}. */
    public Builder tables(List<TableGroup> tables) {
      this.tables = tables;
      return this;
    }

    /** The cross network of a {@link ModelType#DCN_V2} model; default {@link CrossNetwork#DEFAULT}. */
    public Builder cross(CrossNetwork cross) {
      this.cross = cross;
      return this;
    }

    public Builder l2Mode(L2Mode l2Mode) {
      this.l2Mode = l2Mode;
      return this;
    }
  }
}
