package io.sparkctr.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsJson;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.PairedMetrics;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code metrics.json} is typed: it validates against the checked-in JSON Schema, and wrong types do not. */
public class MetricsSchemaTest {
  private static final Schema SCHEMA = load();

  private static Schema load() {
    try (InputStream in = MetricsSchemaTest.class.getClassLoader().getResourceAsStream(MetricsFile.SCHEMA)) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Error> errors(String json) throws Exception {
    return SCHEMA.validate(MetricsJson.MAPPER.readTree(json));
  }

  /** Fails with the validator's messages unless {@code json} is a valid metrics.json. */
  public static void assertValid(String json) throws Exception {
    List<Error> e = errors(json);
    assertTrue(e.isEmpty(), e.toString());
  }

  static String sample() throws Exception {
    ModelEvaluation.Set set = sampleSet();
    MetricsFile f = MetricsFile.of(new MetricsFile.Data("/f", null, "test", Map.of("train", 10L, "test", 3000L), 0L, 1.0),
        MetricsOptions.DEFAULT.confidence(), set);
    return MetricsJson.MAPPER.writeValueAsString(f).replace("\"card\" : null", "\"card\" : " + CARD);
  }

  /** A model and a baseline on 3,000 planted rows over three days (the third without clicks), compared. */
  public static ModelEvaluation.Set sampleSet() {
    MetricsOptions o = MetricsOptions.DEFAULT;
    PairedMetrics p = new PairedMetrics(1.0, 0.5, o, 1);
    Random rnd = new Random(1);
    long day = 1_767_225_600L;
    for (int i = 0; i < 3000; i++) {
      double x = rnd.nextGaussian();
      int y = rnd.nextDouble() < 1 / (1 + Math.exp(-(x - 3))) ? 1 : 0;
      // the third day has no clicks: its AUC is undefined (null, with the reason)
      long ts = day + 86_400L * (i % 3);
      p.add(i % 3 == 2 ? 0 : y, ScoreSigmoid.of(x - 3), ScoreSigmoid.of(0.8 * x - 3), "u" + (i % 50), ts, null);
    }
    TrainingSummary t = new TrainingSummary(10, 5, 2, 0.7, 0.4, List.of(new EpochStats(1, 0.6, 0.68, 0.45, 1000, 1e-3,
        1), new EpochStats(2, 0.5, 0.7, 0.4, 1000, 1e-3, 1)));
    ModelEvaluation a = ModelEvaluation.of("model", "/m", "LR", null, p.a(), t);
    ModelEvaluation b = ModelEvaluation.of("baseline", "/b", "LR", null, p.b(), t);
    return new ModelEvaluation.Set(List.of(a, b), p.comparison());
  }

  static final String CARD = "{\"type\": \"LR\", \"spec\": {}, \"trainRows\": 10, \"validationRows\": 5, "
      + "\"bestEpoch\": 1, \"recalibrationFactor\": 1.0, \"hashBits\": 18, \"sparkctrVersion\": \"development\"}";

  @Test
  void aWrittenMetricsFileValidatesWithNullsForUndefinedMetrics() throws Exception {
    String json = sample();
    assertValid(json);
    JsonNode day = MetricsJson.MAPPER.readTree(json).at("/model/metrics/perDay/2026-01-03");
    assertTrue(day.get("auc").isNull(), day.toString());
    assertTrue(day.get("aucCi").isNull(), day.toString());
    assertTrue(MetricsJson.MAPPER.readTree(json).at("/model/metrics/count").isIntegralNumber());
    assertFalse(json.contains("NaN"), "no NaN tokens or strings");
  }

  @Test
  void wrongTypesAreRejected() throws Exception {
    ObjectNode root = (ObjectNode) MetricsJson.MAPPER.readTree(sample());
    ((ObjectNode) root.at("/model/metrics")).put("count", "3000");
    ((ObjectNode) root.at("/model/metrics")).put("auc", "NaN");
    List<Error> e = SCHEMA.validate(root);
    assertEquals(2, e.size(), e.toString());
  }

  /** The logistic function, for planted scores. */
  static final class ScoreSigmoid {
    static double of(double x) {
      return 1 / (1 + Math.exp(-x));
    }
  }
}
