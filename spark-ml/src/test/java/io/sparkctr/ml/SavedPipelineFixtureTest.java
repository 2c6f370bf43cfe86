package io.sparkctr.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark ML {@code PipelineModel} saved by an earlier version (the committed fixture {@value #NAME}:
 * an {@code SQLTransformer} and a fitted {@link CtrClassificationModel}) loads, and scores the
 * recorded rows as it did when it was saved ({@value #SCORES}). See {@code fixtures/README.md} for
 * how it was made ({@link #writeFixture}).
 */
@Tag("integration")
class SavedPipelineFixtureTest {
  static final String NAME = "pipeline-lr";
  static final String SCORES = "pipeline-lr-scores.json";
  static final Path FIXTURES = Paths.get("src/test/resources/fixtures");
  static final StructType ROWS = new StructType().add("id", DataTypes.StringType)
      .add("timestamp", DataTypes.LongType).add("c1", DataTypes.StringType).add("n1", DataTypes.DoubleType);

  @Test
  void aSavedPipelineLoadsAndScoresAsRecorded(@TempDir Path dir) throws Exception {
    SparkTestSession.get(); // PipelineModel.load reads through the active session
    JsonNode recorded = Json.PRETTY.readTree(Files.readString(FIXTURES.resolve(SCORES)));
    PipelineModel loaded = PipelineModel.load(TestFiles.copyTree(FIXTURES.resolve(NAME), dir.resolve(NAME))
        .toString());
    CtrClassificationModel model = assertInstanceOf(CtrClassificationModel.class, loaded.stages()[1]);
    assertEquals(recorded.path("uid").asText(), model.uid());
    Map<String, Double> scores = CtrClassifierTest.byId(loaded.transform(rows(recorded.path("rows"))));
    for (JsonNode r : recorded.path("rows")) {
      assertEquals(r.path("clickProbability").asDouble(), scores.get(r.path("id").asText()), 1e-12,
          "row " + r.path("id").asText());
    }
  }

  /**
   * Writes the fixture into {@code -Dsparkctr.fixtures.out=DIR}: a pipeline fitted as
   * {@code CtrClassifierTest} fits its own, but tiny (lr, 2^8 hash space, one epoch), saved, and the
   * scores of eight rows.
   */
  @Test
  @EnabledIfSystemProperty(named = "sparkctr.fixtures.out", matches = ".+")
  void writeFixture() throws Exception {
    Path out = Paths.get(System.getProperty("sparkctr.fixtures.out"));
    SparkSession spark = SparkTestSession.get();
    SQLTransformer hour = new SQLTransformer().setStatement(
        "SELECT *, concat('h', CAST(timestamp DIV 3600 % 24 AS STRING)) AS hour FROM __THIS__");
    CtrClassifier ctr = new CtrClassifier().setCategoricalCols("c1", "hour").setNumericCols("n1").setIdCol("id")
        .setModelType("lr").setHashBits(8).setMaxEpochs(1).setBatchSize(128).setWorkers(1)
        .setValidationFraction(0.2).setWorkDir(out.resolve("work").toUri().toString())
        .setConfigOverrides("sparkctr.training.loss-sample-rows = 1000");
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {hour, ctr})
        .fit(CtrClassifierTest.planted(spark));
    fitted.write().save(out.resolve(NAME).toString());

    ArrayNode rows = Json.PRETTY.createArrayNode();
    for (int i = 0; i < 8; i++) {
      rows.addObject().put("id", "f" + i).put("timestamp", CtrClassifierTest.START + i * 5_000L)
          .put("c1", "v" + (i * 3 % 11)).put("n1", 12.5 * i);  // v10 was never seen in training
    }
    Map<String, Double> scores = CtrClassifierTest.byId(fitted.transform(rows(rows)));
    rows.forEach(r -> ((ObjectNode) r).put("clickProbability", scores.get(r.path("id").asText())));
    ObjectNode doc = Json.PRETTY.createObjectNode().put("uid", fitted.stages()[1].uid());
    doc.set("rows", rows);
    Files.writeString(out.resolve(SCORES), Json.PRETTY.writeValueAsString(doc));
  }

  private static Dataset<Row> rows(JsonNode rows) {
    List<Row> out = new ArrayList<>();
    for (JsonNode r : rows) {
      out.add(RowFactory.create(r.path("id").asText(), r.path("timestamp").asLong(), r.path("c1").asText(),
          r.path("n1").asDouble()));
    }
    return SparkTestSession.get().createDataFrame(out, ROWS);
  }
}
