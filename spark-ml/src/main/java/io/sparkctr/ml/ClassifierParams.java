package io.sparkctr.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CrossStructure;
import io.sparkctr.models.graph.ModelType;
import java.io.File;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * {@link CtrClassifier}'s params and the config key each typed one sets. Defaults are those of
 * {@code conf/defaults.conf}; the values themselves are checked by the same typed settings as a
 * config file ({@code FeatureConfig}, {@code ModelSpec}, {@code TrainSettings}) when the config is
 * built, plus simple range checks here when a param is set.
 */
final class ClassifierParams {
  static final String FEATURES = "sparkctr.features.";
  static final String MODEL = "sparkctr.model.";
  static final String TRAINING = "sparkctr.training.";

  final Param<String> configFile;
  final Param<String> configOverrides;
  final Param<String> workDir;
  final BooleanParam keepWorkFiles;
  final Param<String> labelCol;
  final Param<String> timestampCol;
  final Param<String> timestampFormat;
  final StringArrayParam categoricalCols;
  final StringArrayParam numericCols;
  final Param<String> idCol;
  final Param<String> groupCol;
  final IntParam hashBits;
  final DoubleParam validationFraction;
  final DoubleParam negativeRate;
  final Param<String> modelType;
  final IntParam embeddingDim;
  final IntArrayParam hiddenLayers;
  final IntParam crossLayers;
  final IntParam crossRank;
  final Param<String> crossStructure;
  final DoubleParam learningRate;
  final LongParam seed;
  final IntParam maxEpochs;
  final IntParam batchSize;
  final IntParam workers;
  final MultiValuedParams multiValued;
  final OutputParams out;
  /** Typed param → the config key it sets. */
  private final Map<Param<?>, String> keys = new LinkedHashMap<>();

  ClassifierParams(Params o) {
    Config d = CtrClassifier.defaults();
    // not checked for existence here: a saved pipeline must load where the file is absent (fit reads it)
    configFile = new Param<>(o, "configFile", "HOCON config file on the driver (e.g. a preset) merged over the "
        + "defaults; \"\" = none", Valid.<String>of(s -> true));
    configOverrides = new Param<>(o, "configOverrides", "HOCON text merged over configFile, e.g. "
        + "\"sparkctr.features.crosses = [[c1, c2]]\"", Valid.<String>of(s -> true));
    workDir = new Param<>(o, "workDir", "directory every executor can reach for fit's intermediate files (raw copy, "
        + "features, checkpoints); \"\" = the SparkContext's checkpoint directory, or the local temp directory in "
        + "local mode", Valid.<String>of(s -> true));
    keepWorkFiles = new BooleanParam(o, "keepWorkFiles", "keep fit's features and checkpoints under workDir");
    labelCol = key(new Param<>(o, "labelCol", "0/1 click label column", Valid.<String>of(s -> !s.isEmpty())),
        FEATURES + "schema.label");
    timestampCol = key(new Param<>(o, "timestampCol", "event time column (the time split)",
        Valid.<String>of(s -> true)), FEATURES + "schema.timestamp.field");
    timestampFormat = key(new Param<>(o, "timestampFormat", "epoch-seconds | epoch-millis | iso | a java.time "
        + "pattern (a timestamp-typed column is read as epoch seconds)", Valid.<String>of(s -> !s.isEmpty())),
        FEATURES + "schema.timestamp.format");
    categoricalCols = key(new StringArrayParam(o, "categoricalCols", "categorical feature columns"),
        FEATURES + "schema.categorical");
    numericCols = key(new StringArrayParam(o, "numericCols", "numeric feature columns"), FEATURES + "schema.numeric");
    idCol = key(new Param<>(o, "idCol", "row key column; \"\" = none", Valid.<String>of(s -> true)),
        FEATURES + "schema.id");
    groupCol = key(new Param<>(o, "groupCol", "group column for GAUC (e.g. a user id); \"\" = none",
        Valid.<String>of(s -> true)), FEATURES + "schema.group");
    hashBits = key(new IntParam(o, "hashBits", "hash space of 2^hashBits indices", ParamValidators.inRange(1, 30)),
        FEATURES + "hashing.bits");
    validationFraction = key(new DoubleParam(o, "validationFraction", "last fraction of the time range held out "
        + "for validation (early stopping); fit makes no test split", ParamValidators.inRange(0.0, 1.0, true, false)),
        FEATURES + "split.validation-fraction");
    negativeRate = key(new DoubleParam(o, "negativeRate", "keep each training negative with this probability "
        + "(predictions are recalibrated)", ParamValidators.inRange(0.0, 1.0, false, true)),
        FEATURES + "downsampling.negative-rate");
    modelType = key(new Param<>(o, "modelType", String.join(" | ", ModelType.configNames()),
        Valid.<String>of(CtrClassifier::isModelType)), MODEL + "type");
    embeddingDim = key(new IntParam(o, "embeddingDim", "embedding size k", ParamValidators.gtEq(1)),
        MODEL + "embedding-dim");
    hiddenLayers = key(new IntArrayParam(o, "hiddenLayers", "MLP layer sizes (wide-deep, deepfm, dcn-v2)"),
        MODEL + "hidden");
    crossLayers = key(new IntParam(o, "crossLayers", "dcn-v2: cross layers x0 * (W x + b) + x",
        ParamValidators.inRange(1, CrossNetwork.MAX_LAYERS)), MODEL + "cross-layers");
    crossRank = key(new IntParam(o, "crossRank", "dcn-v2: rank of each cross layer's W = U V^T; 0 = full rank",
        ParamValidators.gtEq(0)), MODEL + "cross-rank");
    crossStructure = key(new Param<>(o, "crossStructure", "dcn-v2: " + String.join(" | ", CrossStructure.configNames())
        + " (the MLP after the cross network, or beside it)",
        ParamValidators.inArray(CrossStructure.configNames().toArray(new String[0]))), MODEL + "structure");
    learningRate = key(new DoubleParam(o, "learningRate", "learning rate of the dense part", ParamValidators.gt(0)),
        MODEL + "learning-rate");
    seed = key(new LongParam(o, "seed", "initialization seed"), MODEL + "seed");
    maxEpochs = key(new IntParam(o, "maxEpochs", "epochs at most (early stopping may end sooner)",
        ParamValidators.gtEq(1)), TRAINING + "epochs");
    batchSize = key(new IntParam(o, "batchSize", "examples per minibatch", ParamValidators.gtEq(1)),
        TRAINING + "batch-size");
    workers = key(new IntParam(o, "workers", "training partitions; 0 = Spark's default parallelism",
        ParamValidators.gtEq(0)), TRAINING + "workers");
    multiValued = new MultiValuedParams(o, d);
    out = new OutputParams(o);

    o.setDefault(configFile, "");
    o.setDefault(configOverrides, "");
    o.setDefault(workDir, "");
    o.setDefault(keepWorkFiles, false);
    for (Map.Entry<Param<?>, String> e : keys.entrySet()) {
      setDefault(o, e.getKey(), d, e.getValue());
    }
  }

  private <P extends Param<?>> P key(P param, String configKey) {
    keys.put(param, configKey);
    return param;
  }

  @SuppressWarnings("unchecked")
  private static void setDefault(Params o, Param<?> param, Config d, String key) {
    Param<Object> p = (Param<Object>) param;
    if (param instanceof StringArrayParam) {
      o.setDefault(p, d.getStringList(key).toArray(new String[0]));
    } else if (param instanceof IntArrayParam) {
      o.setDefault(p, d.getIntList(key).stream().mapToInt(Integer::intValue).toArray());
    } else if (param instanceof IntParam) {
      o.setDefault(p, d.getInt(key));
    } else if (param instanceof LongParam) {
      o.setDefault(p, d.getLong(key));
    } else if (param instanceof DoubleParam) {
      o.setDefault(p, d.getDouble(key));
    } else {
      o.setDefault(p, d.getString(key));
    }
  }

  /** Defaults, then configFile, then configOverrides, then every set param ({@link MultiValuedParams#apply}). */
  Config effectiveConfig(Params o) {
    String file = o.getOrDefault(configFile);
    Config base = file.isEmpty() ? ConfigLoader.defaults() : ConfigLoader.load(new File(file));
    String overrides = o.getOrDefault(configOverrides);
    if (!overrides.isBlank()) {
      ConfigLoader.loadString(overrides, "configOverrides"); // rejects unknown keys, naming them
      base = ConfigFactory.parseString(overrides).withFallback(base);
    }
    Config set = ConfigFactory.empty();
    for (Map.Entry<Param<?>, String> e : keys.entrySet()) {
      if (o.isSet(e.getKey())) {
        Object v = o.getOrDefault(e.getKey());
        Object value = v instanceof String[] s ? Arrays.asList(s)
            : v instanceof int[] a ? Arrays.stream(a).boxed().toList() : v;
        set = set.withValue(e.getValue(), ConfigValueFactory.fromAnyRef(value, "param " + e.getKey().name()));
      }
    }
    return multiValued.apply(o, set.withFallback(base).resolve());
  }
}
