package io.sparkctr.features.manifest;

import io.sparkctr.features.manifest.FeatureManifest;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the feature Parquet of each split:
 * {@code label int, timestamp long (epoch seconds), indices array<int> (one per manifest slot)},
 * then {@code dense array<double>} if any numeric field is standardized,
 * {@code bags array<array<int>>} and {@code bag_weights array<array<float>>} if there are
 * multi-valued fields (per field, in manifest order: the items' indices and pooling weights, a
 * ragged list of 1 .. max-length entries, never padded), {@code group string} and {@code id string}
 * if configured.
 */
public final class FeatureOutputSchema {
  public static final String LABEL = "label";
  public static final String TIMESTAMP = "timestamp";
  public static final String INDICES = "indices";
  public static final String DENSE = "dense";
  public static final String BAGS = "bags";
  public static final String BAG_WEIGHTS = "bag_weights";
  public static final String GROUP = "group";
  public static final String ID = "id";

  private FeatureOutputSchema() {}

  public static StructType of(FeatureManifest m) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField(LABEL, DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField(TIMESTAMP, DataTypes.LongType, false));
    f.add(DataTypes.createStructField(INDICES, DataTypes.createArrayType(DataTypes.IntegerType, false), false));
    if (!m.dense().isEmpty()) {
      f.add(DataTypes.createStructField(DENSE, DataTypes.createArrayType(DataTypes.DoubleType, false), false));
    }
    if (!m.multiValued().isEmpty()) {
      f.add(DataTypes.createStructField(BAGS, DataTypes.createArrayType(DataTypes.createArrayType(
          DataTypes.IntegerType, false), false), false));
      f.add(DataTypes.createStructField(BAG_WEIGHTS, DataTypes.createArrayType(DataTypes.createArrayType(
          DataTypes.FloatType, false), false), false));
    }
    if (m.fields().group() != null) {
      f.add(DataTypes.createStructField(GROUP, DataTypes.StringType, true));
    }
    if (m.fields().id() != null) {
      f.add(DataTypes.createStructField(ID, DataTypes.StringType, true));
    }
    return DataTypes.createStructType(f);
  }

  /** Quarantine output (JSON lines): where the row was, why, and its raw text. */
  public static final StructType QUARANTINE = DataTypes.createStructType(List.of(
      DataTypes.createStructField("file", DataTypes.StringType, false),
      DataTypes.createStructField("location", DataTypes.StringType, false),
      DataTypes.createStructField("reason", DataTypes.StringType, false),
      DataTypes.createStructField("detail", DataTypes.StringType, false),
      DataTypes.createStructField("raw", DataTypes.StringType, false)));
}
