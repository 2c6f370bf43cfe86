package io.sparkctr.ml;

import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.RecordScorer;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.training.scoring.BroadcastModel;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A trained CTR model (a model bundle) as a Spark ML {@link Model}: {@link #transform} keeps every
 * input column and appends, as MLlib's binary classifiers do, the recalibrated click probability p
 * ({@code clickProbability}, a double), the {@code probability} vector [1 - p, p], the
 * {@code rawPrediction} vector [-logit(p), logit(p)] and the 0/1 {@code prediction} at the threshold,
 * so {@code BinaryClassificationEvaluator} takes the output as it is. Each column can be renamed or
 * left out ("").
 * Only the fields the bundle's features use must be present (not the label; the timestamp only if
 * a feature is computed from it); a multi-valued field is a string of items joined by its separator
 * or an array column, null or empty being its missing value. Rows are parsed and transformed by the
 * bundle's manifest, exactly as in training, and scored on the executors through the same path as
 * {@code sparkctr score}.
 *
 * <p>{@link #write()} saves the model as a model bundle that {@code sparkctr score} and
 * {@code evaluate} read, plus Spark ML's {@code metadata/} (uid and params); {@link #load} reads it
 * back, and also reads any bundle published by {@code sparkctr train} (with default params).
 */
public final class CtrClassificationModel extends Model<CtrClassificationModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final ModelBundle bundle;
  private final OutputParams out;
  private final List<String> fields;
  private final List<String> required;
  private final Set<String> lists;
  private transient BroadcastModel broadcast;
  private transient org.apache.spark.SparkContext broadcastBy;

  public CtrClassificationModel(String uid, ModelBundle bundle) {
    this.uid = uid;
    this.bundle = java.util.Objects.requireNonNull(bundle, "bundle");
    this.out = new OutputParams(this);
    this.fields = new RecordScorer(bundle).fields();
    var f = bundle.manifest().fields();
    this.required = fields.stream().filter(c -> f.categorical().contains(c) || f.numeric().contains(c)
        || !(c.equals(f.id()) || c.equals(f.group()))).toList();
    this.lists = InputColumns.lists(bundle.manifest());
  }

  /** A model of a bundle read elsewhere (e.g. {@code BundleStore.read}), with default params. */
  public static CtrClassificationModel of(ModelBundle bundle) {
    return new CtrClassificationModel(Identifiable$.MODULE$.randomUID("ctrModel"), bundle);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> clickProbabilityCol() { return out.clickProbabilityCol; }
  public Param<String> probabilityCol() { return out.probabilityCol; }
  public Param<String> rawPredictionCol() { return out.rawPredictionCol; }
  public Param<String> predictionCol() { return out.predictionCol; }
  public DoubleParam threshold() { return out.threshold; }
  public Param<String> handleInvalid() { return out.handleInvalid; }

  public CtrClassificationModel setClickProbabilityCol(String v) { return (CtrClassificationModel) set(out.clickProbabilityCol, v); }
  public CtrClassificationModel setProbabilityCol(String v) { return (CtrClassificationModel) set(out.probabilityCol, v); }
  public CtrClassificationModel setRawPredictionCol(String v) { return (CtrClassificationModel) set(out.rawPredictionCol, v); }
  public CtrClassificationModel setPredictionCol(String v) { return (CtrClassificationModel) set(out.predictionCol, v); }
  public CtrClassificationModel setThreshold(double v) { return (CtrClassificationModel) set(out.threshold, v); }
  public CtrClassificationModel setHandleInvalid(String v) { return (CtrClassificationModel) set(out.handleInvalid, v); }

  /** The bundle: graph with its tables, feature manifest, spec, training summary. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** What training did (epochs, validation AUC and logloss of the kept epoch). */
  public TrainingSummary summary() {
    return bundle.summary();
  }

  /** The input columns {@link #transform} needs: the fields the manifest's features use. */
  public List<String> inputFields() {
    return required;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    InputColumns.check(schema, required, lists, "transform");
    return ModelOutput.of(this, out).schema(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return DataFrameScoring.transform(dataset, broadcast(dataset), bundle.manifest(), bundle.spec(), fields,
        ModelOutput.of(this, out), getOrDefault(out.handleInvalid));
  }

  /** One broadcast of the model per SparkContext, reused by every transform (Spark cleans it up with the model). */
  private synchronized BroadcastModel broadcast(Dataset<?> dataset) {
    org.apache.spark.SparkContext sc = dataset.sparkSession().sparkContext();
    if (broadcast == null || broadcastBy != sc) {
      broadcast = BroadcastModel.of(JavaSparkContext.fromSparkContext(sc), bundle.model());
      broadcastBy = sc;
    }
    return broadcast;
  }

  @Override
  public CtrClassificationModel copy(ParamMap extra) {
    CtrClassificationModel c = copyValues(new CtrClassificationModel(uid, bundle), extra);
    return c.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelBundleIO.Writer(this);
  }

  public static MLReader<CtrClassificationModel> read() {
    return new ModelBundleIO.Reader();
  }

  public static CtrClassificationModel load(String path) {
    return read().load(path);
  }
}
