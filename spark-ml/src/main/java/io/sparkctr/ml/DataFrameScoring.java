package io.sparkctr.ml;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.models.bundle.NonFinitePrediction;
import io.sparkctr.models.bundle.RecordScorer;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.training.executor.Chunked;
import io.sparkctr.training.executor.GpuAffinity;
import io.sparkctr.training.scoring.BroadcastModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A DataFrame scored on the executors: each row's manifest fields are read as the feature job reads
 * Parquet logs (every value as text, a timestamp or date as epoch seconds, an array column of a
 * multi-valued field as its items), parsed and transformed by the bundle's manifest and predicted
 * through {@link RecordScorer} (the one scoring path), a chunk of {@value #CHUNK} rows per forward
 * pass. Every input column is kept; the outputs ({@link ModelOutput}) are appended.
 */
final class DataFrameScoring {
  static final int CHUNK = 4096;

  private DataFrameScoring() {}

  /**
   * @param fields the scorer's fields in its order; those the DataFrame lacks must be optional (id, group)
   * @param invalid what to do with an unparseable row ({@link OutputParams#HANDLE_INVALID})
   */
  static Dataset<Row> transform(Dataset<?> dataset, BroadcastModel model, FeatureManifest m, ModelSpec spec,
                                List<String> fields, ModelOutput output, String invalid) {
    StructType in = dataset.schema();
    StructType outSchema = output.schema(in);
    List<Column> select = new ArrayList<>();
    for (String c : in.fieldNames()) {
      select.add(functions.col("`" + c.replace("`", "``") + "`"));
    }
    List<Column> values = new ArrayList<>();
    List<String> present = java.util.Arrays.asList(in.fieldNames());
    boolean[] isList = new boolean[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      isList[i] = present.contains(f) && in.apply(f).dataType() instanceof ArrayType;
      // an absent id or group column (not needed to score) reads as missing
      Column c = present.contains(f) ? asText(f, in.apply(f).dataType()) : functions.lit(null).cast(DataTypes.StringType);
      values.add(c.as("f" + i));
    }
    select.add(functions.struct(values.toArray(new Column[0])));
    int n = in.size();
    int width = fields.size();
    String[] names = fields.toArray(new String[0]);
    JavaRDD<Row> rows = dataset.toDF().select(select.toArray(new Column[0])).javaRDD()
        .mapPartitionsWithIndex((partition, it) -> {
          if (!it.hasNext()) {
            return Collections.emptyIterator();
          }
          GpuAffinity.bindCurrentTask();
          RecordScorer scorer = new RecordScorer(model.restore(), m, spec);
          long[] position = {0};
          return Chunked.map(it, CHUNK, chunk -> {
            List<ParsedRecord> ok = new ArrayList<>(chunk.size());
            boolean[] good = new boolean[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
              Row f = chunk.get(i).getStruct(n);
              String[] v = new String[width];
              String[][] lists = null;
              for (int j = 0; j < width; j++) {
                if (isList[j]) {
                  // an array column: its items (null = none, the field's missing value), null items missing
                  lists = lists == null ? new String[width][] : lists;
                  lists[j] = f.isNullAt(j) ? new String[0] : f.<String>getList(j).toArray(new String[0]);
                } else {
                  v[j] = f.isNullAt(j) ? null : f.getString(j);
                }
              }
              long row = position[0]++;
              ParseOutcome p = scorer.parse(v, lists, f.mkString(","), "", "partition " + partition + " row " + row,
                  ((long) partition << 40) | row);
              if (p.isOk()) {
                ok.add(p.record);
                good[i] = true;
              } else if (OutputParams.ERROR.equals(invalid)) {
                throw new IllegalArgumentException("Cannot transform: partition " + partition + " row " + row + " ("
                    + String.join(", ", names) + " = " + f.mkString(", ") + "): " + p.bad.reason().configName() + ", "
                    + p.bad.detail() + " (setHandleInvalid(\"skip\" or \"keep\") to drop or keep such rows)");
              }
            }
            double[] scores = ok.isEmpty() ? new double[0] : scorer.scoreParsed(ok);
            for (int i = 0; i < scores.length; i++) {
              ParsedRecord r = ok.get(i);
              NonFinitePrediction.require(scores[i], "transform", () -> "partition " + partition + " row "
                  + (r.position & ((1L << 40) - 1)) + (r.id != null ? " (id " + r.id + ")" : ""));
            }
            List<Row> out = new ArrayList<>(chunk.size());
            int k = 0;
            for (int i = 0; i < chunk.size(); i++) {
              if (!good[i] && OutputParams.SKIP.equals(invalid)) {
                continue;
              }
              Double pr = good[i] ? scores[k++] : null;
              out.add(withOutputs(chunk.get(i), n, pr, output));
            }
            return out;
          });
        }, true);
    return dataset.sparkSession().createDataFrame(rows, outSchema);
  }

  private static Row withOutputs(Row r, int n, Double p, ModelOutput output) {
    List<Object> v = new ArrayList<>(n + 4);
    for (int i = 0; i < n; i++) {
      v.add(r.get(i));
    }
    output.append(v, p);
    return RowFactory.create(v.toArray());
  }

  /**
   * As {@code RawInputReader} reads a Parquet column: text, with timestamps and dates as epoch seconds,
   * and an array (a multi-valued field or its weights) as an array of text.
   */
  private static Column asText(String name, DataType type) {
    Column c = functions.col("`" + name.replace("`", "``") + "`");
    if (type instanceof ArrayType) {
      return c.cast(DataTypes.createArrayType(DataTypes.StringType));
    }
    if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.DateType)) {
      c = c.cast(DataTypes.TimestampType).cast(DataTypes.LongType);
    }
    return c.cast(DataTypes.StringType);
  }
}
