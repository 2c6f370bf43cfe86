package io.sparkctr.ml;

import com.typesafe.config.Config;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.models.graph.ModelType;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A CTR model trained from raw columns, as a Spark ML {@link Estimator}: {@link #fit} runs the
 * feature job on the DataFrame (parse, quarantine, time split, fit on train, hash), trains on the
 * executors with early stopping on the validation split, and returns a {@link CtrClassificationModel}
 * that scores DataFrames and saves as a model bundle. Fit splits the rows in two only: training, and
 * validation at the end of the time range ({@code split.validation-fraction} or
 * {@code validation-days}; in mode {@code instants} from {@code validation-start} on). It holds out
 * no test rows: the config's {@code test-fraction}, {@code test-days} and {@code test-start} are not
 * used — evaluate the model on later data of your own.
 *
 * <p>Every setting is a key of the config file ({@code conf/defaults.conf}): the typed params below
 * are the common ones (their defaults are the file's defaults); {@link #setConfigFile} reads a HOCON
 * file (e.g. a preset) and {@link #setConfigOverrides} HOCON text, both checked like a config file
 * (an unknown key is an error naming it). A param that is set wins over both, the overrides over the
 * file. {@link #effectiveConfig()} shows the merged result; all of it is validated by the same code
 * as {@code sparkctr train} in {@link #transformSchema} (so a {@code Pipeline} fails before any work).
 *
 * <pre>{@code
 * CtrClassifier ctr = new CtrClassifier().setCategoricalCols("user", "ad").setNumericCols("price")
 *     .setModelType("deepfm").setMaxEpochs(3);
 * PipelineModel m = new Pipeline().setStages(new PipelineStage[] {prepare, ctr}).fit(logs);
 * m.transform(today).select("id", "clickProbability");
 * }</pre>
 *
 * <p>Multi-valued fields ({@code schema.multi-valued}) are typed params too: {@link #setMultiValuedCols}
 * and the separator, max-length and pooling they share (see {@link MultiValuedParams}); a column is a
 * string of items joined by the separator or an array column.
 *
 * <p>A saved estimator of an earlier version loads; its {@code testFraction} param (removed: fit
 * makes no test split) is ignored.
 */
public final class CtrClassifier extends Estimator<CtrClassificationModel> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final ClassifierParams p;

  public CtrClassifier() {
    this(Identifiable$.MODULE$.randomUID("ctrClassifier"));
  }

  public CtrClassifier(String uid) {
    this.uid = uid;
    this.p = new ClassifierParams(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  // --- the config: file, overrides, and what the params make of them

  public Param<String> configFile() { return p.configFile; }
  public Param<String> configOverrides() { return p.configOverrides; }
  public Param<String> workDir() { return p.workDir; }
  public BooleanParam keepWorkFiles() { return p.keepWorkFiles; }
  // sparkctr.features.schema
  public Param<String> labelCol() { return p.labelCol; }
  public Param<String> timestampCol() { return p.timestampCol; }
  public Param<String> timestampFormat() { return p.timestampFormat; }
  public StringArrayParam categoricalCols() { return p.categoricalCols; }
  public StringArrayParam numericCols() { return p.numericCols; }
  public StringArrayParam multiValuedCols() { return p.multiValued.cols; }
  public Param<String> multiValuedSeparator() { return p.multiValued.separator; }
  public IntParam multiValuedMaxLength() { return p.multiValued.maxLength; }
  public Param<String> multiValuedPooling() { return p.multiValued.pooling; }
  public Param<String> idCol() { return p.idCol; }
  public Param<String> groupCol() { return p.groupCol; }
  // sparkctr.features
  public IntParam hashBits() { return p.hashBits; }
  public DoubleParam validationFraction() { return p.validationFraction; }
  public DoubleParam negativeRate() { return p.negativeRate; }
  // sparkctr.model
  public Param<String> modelType() { return p.modelType; }
  public IntParam embeddingDim() { return p.embeddingDim; }
  public IntArrayParam hiddenLayers() { return p.hiddenLayers; }
  public IntParam crossLayers() { return p.crossLayers; }
  public IntParam crossRank() { return p.crossRank; }
  public Param<String> crossStructure() { return p.crossStructure; }
  public DoubleParam learningRate() { return p.learningRate; }
  public LongParam seed() { return p.seed; }
  // sparkctr.training
  public IntParam maxEpochs() { return p.maxEpochs; }
  public IntParam batchSize() { return p.batchSize; }
  public IntParam workers() { return p.workers; }
  // outputs of the fitted model
  public Param<String> clickProbabilityCol() { return p.out.clickProbabilityCol; }
  public Param<String> probabilityCol() { return p.out.probabilityCol; }
  public Param<String> rawPredictionCol() { return p.out.rawPredictionCol; }
  public Param<String> predictionCol() { return p.out.predictionCol; }
  public DoubleParam threshold() { return p.out.threshold; }
  public Param<String> handleInvalid() { return p.out.handleInvalid; }

  public CtrClassifier setConfigFile(String v) { return (CtrClassifier) set(p.configFile, v); }
  public CtrClassifier setConfigOverrides(String v) { return (CtrClassifier) set(p.configOverrides, v); }
  public CtrClassifier setWorkDir(String v) { return (CtrClassifier) set(p.workDir, v); }
  public CtrClassifier setKeepWorkFiles(boolean v) { return (CtrClassifier) set(p.keepWorkFiles, v); }
  public CtrClassifier setLabelCol(String v) { return (CtrClassifier) set(p.labelCol, v); }
  public CtrClassifier setTimestampCol(String v) { return (CtrClassifier) set(p.timestampCol, v); }
  public CtrClassifier setTimestampFormat(String v) { return (CtrClassifier) set(p.timestampFormat, v); }
  public CtrClassifier setCategoricalCols(String... v) { return (CtrClassifier) set(p.categoricalCols, v); }
  public CtrClassifier setNumericCols(String... v) { return (CtrClassifier) set(p.numericCols, v); }
  public CtrClassifier setMultiValuedCols(String... v) { return (CtrClassifier) set(p.multiValued.cols, v); }
  public CtrClassifier setMultiValuedSeparator(String v) { return (CtrClassifier) set(p.multiValued.separator, v); }
  public CtrClassifier setMultiValuedMaxLength(int v) { return (CtrClassifier) set(p.multiValued.maxLength, v); }
  public CtrClassifier setMultiValuedPooling(String v) { return (CtrClassifier) set(p.multiValued.pooling, v); }
  public CtrClassifier setIdCol(String v) { return (CtrClassifier) set(p.idCol, v); }
  public CtrClassifier setGroupCol(String v) { return (CtrClassifier) set(p.groupCol, v); }
  public CtrClassifier setHashBits(int v) { return (CtrClassifier) set(p.hashBits, v); }
  public CtrClassifier setValidationFraction(double v) { return (CtrClassifier) set(p.validationFraction, v); }
  public CtrClassifier setNegativeRate(double v) { return (CtrClassifier) set(p.negativeRate, v); }
  public CtrClassifier setModelType(String v) { return (CtrClassifier) set(p.modelType, v); }
  public CtrClassifier setEmbeddingDim(int v) { return (CtrClassifier) set(p.embeddingDim, v); }
  public CtrClassifier setHiddenLayers(int... v) { return (CtrClassifier) set(p.hiddenLayers, v); }
  public CtrClassifier setCrossLayers(int v) { return (CtrClassifier) set(p.crossLayers, v); }
  public CtrClassifier setCrossRank(int v) { return (CtrClassifier) set(p.crossRank, v); }
  public CtrClassifier setCrossStructure(String v) { return (CtrClassifier) set(p.crossStructure, v); }
  public CtrClassifier setLearningRate(double v) { return (CtrClassifier) set(p.learningRate, v); }
  public CtrClassifier setSeed(long v) { return (CtrClassifier) set(p.seed, v); }
  public CtrClassifier setMaxEpochs(int v) { return (CtrClassifier) set(p.maxEpochs, v); }
  public CtrClassifier setBatchSize(int v) { return (CtrClassifier) set(p.batchSize, v); }
  public CtrClassifier setWorkers(int v) { return (CtrClassifier) set(p.workers, v); }
  public CtrClassifier setClickProbabilityCol(String v) { return (CtrClassifier) set(p.out.clickProbabilityCol, v); }
  public CtrClassifier setProbabilityCol(String v) { return (CtrClassifier) set(p.out.probabilityCol, v); }
  public CtrClassifier setRawPredictionCol(String v) { return (CtrClassifier) set(p.out.rawPredictionCol, v); }
  public CtrClassifier setPredictionCol(String v) { return (CtrClassifier) set(p.out.predictionCol, v); }
  public CtrClassifier setThreshold(double v) { return (CtrClassifier) set(p.out.threshold, v); }
  public CtrClassifier setHandleInvalid(String v) { return (CtrClassifier) set(p.out.handleInvalid, v); }

  public String getLabelCol() { return getOrDefault(p.labelCol); }
  public String getTimestampCol() { return getOrDefault(p.timestampCol); }
  public String[] getCategoricalCols() { return getOrDefault(p.categoricalCols); }
  public String[] getNumericCols() { return getOrDefault(p.numericCols); }
  public String[] getMultiValuedCols() { return getOrDefault(p.multiValued.cols); }
  public int getHashBits() { return (Integer) getOrDefault(p.hashBits); }
  public String getModelType() { return getOrDefault(p.modelType); }
  public int getMaxEpochs() { return (Integer) getOrDefault(p.maxEpochs); }
  public double getLearningRate() { return (Double) getOrDefault(p.learningRate); }
  public String getWorkDir() { return getOrDefault(p.workDir); }

  /**
   * The config {@link #fit} trains with: the packaged defaults, the config file, the overrides, then
   * every param that is set. Keys are checked as in a config file (unknown keys are errors).
   */
  public Config effectiveConfig() {
    return p.effectiveConfig(this);
  }

  /** Validates every setting and the input columns; returns the schema the fitted model's output has. */
  @Override
  public StructType transformSchema(StructType schema) {
    check(schema, settings());
    return ModelOutput.of(this, p.out).schema(schema);
  }

  /** The effective config, typed and validated (the feature job's paths are set per fit run). */
  private FitSettings settings() {
    return FitSettings.of(effectiveConfig(), sourceName(), "<input>", "<work>");
  }

  /** Checks the settings against the params and the input columns. */
  private void check(StructType schema, FitSettings s) {
    String mode = s.features().split().mode().configName();
    if (isSet(p.validationFraction) && !mode.equals("fractions")) {
      throw new IllegalArgumentException("Cannot fit: validationFraction applies to "
          + "sparkctr.features.split.mode = fractions, and the config (" + sourceName() + ") sets " + mode);
    }
    InputColumns.check(schema, s.features().schema().requiredColumns(), InputColumns.lists(s.features().schema()),
        "fit");
  }

  @Override
  public CtrClassificationModel fit(Dataset<?> dataset) {
    FitSettings s = settings(); // the fit's one parse of its config
    check(dataset.schema(), s);
    Fitting.Result r = Fitting.run(dataset, s, sourceName(), getOrDefault(p.workDir),
        (Boolean) getOrDefault(p.keepWorkFiles), uid);
    CtrClassificationModel m = new CtrClassificationModel(uid, r.bundle());
    return copyValues(m, ParamMap.empty()).setParent(this);
  }

  @Override
  public CtrClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  String sourceName() {
    String file = getOrDefault(p.configFile);
    return "CtrClassifier " + uid + " params" + (file.isEmpty() ? "" : " over " + file);
  }

  public static MLReader<CtrClassifier> read() {
    return new ClassifierReader();
  }

  public static CtrClassifier load(String path) {
    return read().load(path);
  }

  static boolean isModelType(String s) {
    try {
      ModelType.parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The packaged defaults (the typed params' defaults). */
  static Config defaults() {
    return ConfigLoader.defaults().resolve();
  }
}
