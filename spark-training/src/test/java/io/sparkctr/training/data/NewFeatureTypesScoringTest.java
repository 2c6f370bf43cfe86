package io.sparkctr.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.IndexTable;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.features.split.Split;
import io.sparkctr.features.synthetic.PlantedClickModel;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.RecordScorer;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.graph.TableGroup;
import io.sparkctr.models.graph.TableGroups;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.models.train.TrainSchedule;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every new feature type end to end: the generator's logs with the multi-valued recent_items
 * sequence (truncated to 5, newest kept), time features in a non-UTC zone and a numeric field both
 * bucketized and standardized go through the feature job; a DeepFM trained on them is bundled, read
 * back, and {@link RecordScorer} on the raw log records gives exactly the scores of the feature job's
 * rows.
 */
@Tag("integration")
class NewFeatureTypesScoringTest {
  static final String EXTRA = String.join("\n",
      "sparkctr.features {",
      "  hashing.bits = 14",
      "  schema.multi-valued = [{ field = recent_items, separator = \" \", max-length = 5, pooling = mean,",
      "                           sequence = oldest-first }]",
      "  numeric-transform.fields { n1 = [log-bucket, standardize], n3 = quantile, n4 = standardize }",
      "  time-features { fields = [hour-of-day, day-of-week], zone = America/Los_Angeles }",
      "}");

  /** Per-field tables: items (the history and c1) and the time features in their own spaces. */
  static final String TABLES = String.join("\n",
      "sparkctr.features.hashing.tables = [",
      "  { name = items, bits = 12, fields = [c1, recent_items] },",
      "  { name = time, bits = 8, fields = [hour-of-day, day-of-week] } ]");

  @Test
  void recordScorerOnRawRecordsEqualsTheFeatureJobsRows(@TempDir Path dir) {
    ModelBundle bundle = scoreRawRecordsAgainstFeatureRows(dir, EXTRA, m -> spec(ModelType.DEEPFM, m).build());
    assertEquals(1, bundle.spec().groups().size());
  }

  /**
   * The same with per-field tables and dimensions (Wide&amp;Deep: items k = 6, time k = 2, the rest
   * k = 4): the manifest lists the tables, the bundle keeps the groups, and raw records score as the
   * feature job's rows.
   */
  @Test
  void perFieldTablesScoreRawRecordsAsTheFeatureJobsRows(@TempDir Path dir) {
    ModelBundle bundle = scoreRawRecordsAgainstFeatureRows(dir, EXTRA + "\n" + TABLES, m -> spec(ModelType.WIDE_DEEP, m)
        .tables(TableGroups.of(m, 4, Map.of("items", 6, "time", 2))).build());
    FeatureManifest m = bundle.manifest();
    assertEquals(List.of("items", "time", "default"), m.indexTables().stream().map(IndexTable::name).toList());
    assertEquals(List.of("c1", "recent_items"), m.indexTables().get(0).fields());
    List<TableGroup> groups = bundle.spec().groups();
    assertEquals(List.of(6, 2, 4), groups.stream().map(TableGroup::dim).toList());
    assertEquals(List.of(1L << 12, 1L << 8, 1L << 14), groups.stream().map(TableGroup::rows).toList());
    assertEquals(Set.of("linear-emb-items", "linear-emb-time", "linear-emb", "emb-items", "emb-time", "emb"),
        bundle.tables().names());
  }

  /** The manifest's slots, dense width and one pooled field of 5 over 2^14 rows: k = 4, one hidden layer of 8. */
  private static ModelSpec.Builder spec(ModelType type, FeatureManifest m) {
    return ModelSpec.builder(type, m.indexWidth(), 1 << 14).denseFeatures(m.dense().size()).embeddingDim(4).hidden(8)
        .learningRate(1e-2).seed(3).bagLengths(List.of(5));
  }

  private static ModelBundle scoreRawRecordsAgainstFeatureRows(Path dir, String extra,
                                                               Function<FeatureManifest, ModelSpec> specOf) {
    SparkSession spark = SparkTestSession.get();
    SyntheticLogWriter.write(spark, 8_000, 3, 17, dir.resolve("gen").toString(), false, true);
    String logs = dir.resolve("gen").resolve(SyntheticLogWriter.LOGS).toString();
    String features = dir.resolve("features").toString();
    FeatureConfig cfg = FeatureConfig.from(ConfigFactory.parseString(extra)
        .withFallback(ConfigLoader.load(new File("../conf/presets/synthetic.conf"))).resolve(), "test");
    FeaturePipeline.run(spark, cfg.withPaths(logs, features));
    FeatureManifest m = FeatureParquet.manifest(spark, features);
    assertTrue(m.counts().truncated().get(PlantedClickModel.RECENT_ITEMS) > 0, "some histories were truncated");

    List<FeatureRow> train = FeatureParquet.collect(spark, features, m, Split.TRAIN, 100_000);
    List<FeatureRow> val = FeatureParquet.collect(spark, features, m, Split.VALIDATION, 100_000);
    ModelSpec spec = specOf.apply(m);
    LocalTrainer.Result r = LocalTrainer.train(spec, train, val, new TrainSchedule(1, 256, 1, 1, 0.5, 1),
        m.downsampling().negativeRate());
    Path bundleDir = dir.resolve("bundle");
    new ModelBundle(r.model(), m, spec, new TrainingSummary(train.size(), val.size(), 1, r.validation().auc(),
        r.validation().logloss(), r.epochs())).write(bundleDir);
    ModelBundle bundle = ModelBundle.read(bundleDir);

    // the test split's feature rows, by id, scored through the bundle
    List<String> ids = new ArrayList<>();
    List<FeatureRow> rows = new ArrayList<>();
    for (Row row : spark.read().parquet(Path.of(features, Split.TEST.dirName()).toString()).collectAsList()) {
      ids.add(row.getAs("id"));
      rows.add(FeatureParquet.toFeatureRow(row));
    }
    double[] fromRows = new BundleScorer(bundle).score(rows);
    Map<String, Double> byId = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      byId.put(ids.get(i), fromRows[i]);
    }

    // the same rows as raw log records (field → text as in the CSV), scored in this JVM
    RecordScorer scorer = new RecordScorer(bundle);
    List<Map<String, String>> records = new ArrayList<>();
    List<String> recordIds = new ArrayList<>();
    for (Row raw : spark.read().option("header", true).csv(logs).collectAsList()) {
      String id = raw.getAs("id");
      if (byId.containsKey(id)) {
        Map<String, String> rec = new HashMap<>();
        for (String f : scorer.fields()) {
          rec.put(f, raw.getAs(f));
        }
        records.add(rec);
        recordIds.add(id);
      }
    }
    assertEquals(byId.size(), records.size());
    double[] fromRaw = scorer.score(records, "logs");
    for (int i = 0; i < fromRaw.length; i++) {
      assertEquals(byId.get(recordIds.get(i)), fromRaw[i], 1e-6, recordIds.get(i));
    }
    return bundle;
  }
}
