package io.sparkctr.training.data;

import io.sparkctr.features.manifest.FeatureOutputSchema;
import io.sparkctr.models.data.FeatureRow;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Rows of a split from {@link FeatureParquet#split} as {@link FeatureRow}s, read from Spark's internal
 * rows: the columns' arrays are copied straight into primitive arrays, where {@link
 * FeatureParquet#toFeatureRow} goes through the external {@code Row} (every array element boxed, the
 * schema searched per column per row). The same values either way. The column positions are found
 * once, from the Dataset's schema.
 */
public final class FeatureRowReader implements Serializable {
  private final int label;
  private final int timestamp;
  private final int indices;
  private final int dense;
  private final int group;
  private final int bags;
  private final int bagWeights;
  private final int id;
  private final DataType idType;

  private FeatureRowReader(StructType schema) {
    label = schema.fieldIndex(FeatureOutputSchema.LABEL);
    timestamp = schema.fieldIndex(FeatureOutputSchema.TIMESTAMP);
    indices = schema.fieldIndex(FeatureOutputSchema.INDICES);
    dense = position(schema, FeatureOutputSchema.DENSE);
    group = position(schema, FeatureOutputSchema.GROUP);
    bags = position(schema, FeatureOutputSchema.BAGS);
    bagWeights = bags < 0 ? -1 : schema.fieldIndex(FeatureOutputSchema.BAG_WEIGHTS);
    id = position(schema, FeatureOutputSchema.ID);
    idType = id < 0 ? null : schema.fields()[id].dataType();
  }

  /**
   * A feature row and the row's {@code id} (null where the rows have none or it is null): its name in
   * messages. A plain class, not a record: Spark's Kryo cannot build records.
   */
  public static final class Keyed implements Serializable {
    private static final long serialVersionUID = 1L;
    private final FeatureRow row;
    private final String id;

    Keyed(FeatureRow row, String id) {
      this.row = row;
      this.id = id;
    }

    public FeatureRow row() {
      return row;
    }

    public String id() {
      return id;
    }
  }

  /** The rows of {@code rows} (a split, in its current order) as feature rows, converted on the executors. */
  public static JavaRDD<FeatureRow> rows(Dataset<Row> rows) {
    FeatureRowReader reader = new FeatureRowReader(rows.schema());
    return internal(rows).map(reader::read);
  }

  /** As {@link #rows}, each with its {@code id} (scoring names a row by it). */
  public static JavaRDD<Keyed> keyedRows(Dataset<Row> rows) {
    FeatureRowReader reader = new FeatureRowReader(rows.schema());
    return internal(rows).map(r -> new Keyed(reader.read(r), reader.id(r)));
  }

  /**
   * The internal rows of a plan made now ({@code select("*")}), so that a Dataset persisted after its
   * own plan was first executed is still read from its cache.
   */
  private static JavaRDD<InternalRow> internal(Dataset<Row> rows) {
    return rows.select("*").queryExecution().toRdd().toJavaRDD();
  }

  private String id(InternalRow r) {
    return id < 0 || r.isNullAt(id) ? null : r.get(id, idType).toString(); // a string column holds a UTF8String
  }

  /** One internal row (which Spark may reuse after this call) as a new feature row. */
  FeatureRow read(InternalRow r) {
    int[] ids = r.getArray(indices).toIntArray();
    double[] values = dense < 0 ? null : r.getArray(dense).toDoubleArray();
    String g = group < 0 || r.isNullAt(group) ? null : r.getUTF8String(group).toString();
    int[][] items = null;
    float[][] weights = null;
    if (bags >= 0) {
      ArrayData b = r.getArray(bags);
      ArrayData w = r.getArray(bagWeights);
      items = new int[b.numElements()][];
      weights = new float[b.numElements()][];
      for (int i = 0; i < items.length; i++) {
        items[i] = b.getArray(i).toIntArray();
        weights[i] = w.getArray(i).toFloatArray();
      }
    }
    return new FeatureRow(r.getInt(label), r.getLong(timestamp), ids, values, g, items, weights);
  }

  private static int position(StructType schema, String name) {
    return Arrays.asList(schema.fieldNames()).contains(name) ? schema.fieldIndex(name) : -1;
  }
}
