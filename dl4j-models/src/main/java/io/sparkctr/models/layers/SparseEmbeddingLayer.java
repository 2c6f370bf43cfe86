package io.sparkctr.models.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * An embedding lookup whose rows live in an {@link io.sparkctr.models.tables.EmbeddingTable}
 * outside DL4J's parameter vector: to DL4J a layer without parameters (empty parameter
 * initializer), so DL4J's updater, regularization and gradient views never touch the table.
 * Input: [batch, 2·fields] ids in the two-float encoding of {@link io.sparkctr.models.data.Batches}
 * (exact to 2^48); output: [batch, dim, fields] like DL4J's EmbeddingSequenceLayer. With pooled
 * (multi-valued) fields the input is laid out as {@link io.sparkctr.models.data.InputLayout} says
 * (ids of every position, then a weight per bag position) and each pooled field is one more output
 * field: Σ_i w_i · row(id_i) over its positions (TensorFlow's embedding_column with a combiner;
 * sum, mean and weighted differ only in the weights the feature job wrote).
 *
 * <p>A layer of one table among several (per-field tables, {@code io.sparkctr.models.graph.TableGroup})
 * reads only its {@link #getSelectedFields() selected} model fields from the same input and outputs
 * them in that order: [batch, dim, selected].
 *
 * <p>The configuration names the table and the model key under which the tables are registered
 * ({@link TableBinding}); it survives DL4J's JSON round trip, so replicas rebuilt from it find the
 * same tables in the same JVM.
 */
public class SparseEmbeddingLayer extends NoParamLayer {
  @JsonProperty private String table;
  @JsonProperty private int dim;
  @JsonProperty private int fields;
  @JsonProperty private String modelKey;
  /** Positions of each pooled (multi-valued) field after the single-valued ones; null or empty: none. */
  @JsonProperty private int[] bagLengths;
  /** Model fields (slots, then pooled fields) this layer looks up, in output order; null or empty: all. */
  @JsonProperty private int[] selectedFields;

  /** For JSON deserialization. */
  public SparseEmbeddingLayer() {}

  public SparseEmbeddingLayer(String table, int dim, int fields) {
    this(table, dim, fields, new int[0]);
  }

  /**
   * @param fields single-valued fields (one id each)
   * @param bagLengths per pooled field, its id positions (padded with weight 0)
   */
  public SparseEmbeddingLayer(String table, int dim, int fields, int[] bagLengths) {
    this.table = table;
    this.dim = dim;
    this.fields = fields;
    this.bagLengths = bagLengths.clone();
  }

  /**
   * A layer over some of the model's fields.
   *
   * @param selected model fields (positions among the slots, then the pooled fields) it looks up, in order
   */
  public SparseEmbeddingLayer(String table, int dim, int fields, int[] bagLengths, int[] selected) {
    this(table, dim, fields, bagLengths);
    int all = fields + bagLengths.length;
    for (int f : selected) {
      if (f < 0 || f >= all) {
        throw new IllegalArgumentException("Cannot look up field " + f + " in " + table + ": the input has " + all);
      }
    }
    this.selectedFields = selected.clone();
  }

  /** The model fields it outputs, in order (every field when none were selected). */
  public int[] getSelectedFields() {
    if (selectedFields == null || selectedFields.length == 0) {
      int all = fields + getBagLengths().length;
      int[] out = new int[all];
      for (int i = 0; i < all; i++) {
        out[i] = i;
      }
      return out;
    }
    return selectedFields.clone();
  }

  public int[] getBagLengths() {
    return bagLengths == null ? new int[0] : bagLengths.clone();
  }

  /** Field vectors out: the selected fields, by default the single-valued fields, then one per pooled field. */
  public int outputFields() {
    return selectedFields == null || selectedFields.length == 0 ? fields + getBagLengths().length
        : selectedFields.length;
  }

  public String getTable() {
    return table;
  }

  public int getDim() {
    return dim;
  }

  public int getFields() {
    return fields;
  }

  public String getModelKey() {
    return modelKey;
  }

  public void setModelKey(String modelKey) {
    this.modelKey = modelKey;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                           INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    SparseEmbeddingImpl layer = new SparseEmbeddingImpl(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.recurrent(dim, outputFields());
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(layerName, SparseEmbeddingLayer.class, inputType,
        getOutputType(-1, inputType)).standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }
}
