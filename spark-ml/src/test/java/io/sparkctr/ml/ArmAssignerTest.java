package io.sparkctr.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.arms.ArmSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ML arm assigner gives score's arms, survives a saved pipeline, and refuses a split that is none. */
@Tag("integration")
class ArmAssignerTest {
  @TempDir
  Path dir;

  @Test
  void assignsAsScoreDoesAndSurvivesAPipelineSave() throws java.io.IOException {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < 500; u++) {
      rows.add(RowFactory.create("u" + u));
    }
    rows.add(RowFactory.create((Object) null));
    Dataset<Row> users = spark.createDataFrame(rows, DataTypes.createStructType(List.of(
        DataTypes.createStructField("user_id", DataTypes.StringType, true))));
    ArmAssigner a = new ArmAssigner().setUnitCol("user_id").setArms("control=0.5", "treatment=0.5").setSalt("s1");
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {a}).fit(users);
    model.write().overwrite().save(dir.resolve("p").toString());
    ArmSplit split = ArmSplit.parse("control=0.5,treatment=0.5", "s1");
    List<Row> out = PipelineModel.load(dir.resolve("p").toString()).transform(users).collectAsList();
    for (Row r : out) {
      if (r.isNullAt(0)) {
        assertNull(r.get(1));
      } else {
        assertEquals(split.assign(r.getString(0)), r.getString(1), r.getString(0));
      }
    }
    String m = assertThrows(IllegalArgumentException.class,
        () -> new ArmAssigner().setArms("control=0.5", "treatment=0.6")).getMessage();
    assertTrue(m.startsWith("Cannot split traffic: the fractions"), m);
  }
}
