package io.sparkctr.training.data;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.features.split.Split;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.models.train.TrainSchedule;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature job's Parquet, read back as FeatureRows, trains a model: features → training on one machine. */
@Tag("integration")
class FeatureParquetTest {
  /** The synthetic preset in a small hash space. */
  static FeatureConfig config() {
    return FeatureConfig.from(ConfigFactory.parseString("sparkctr.features.hashing.bits = 14")
        .withFallback(ConfigLoader.load(new File("../conf/presets/synthetic.conf"))).resolve(), "synthetic.conf");
  }

  @Test
  void featureSplitsReadBackAsRowsAndTrain(@TempDir Path dir) {
    SparkSession spark = SparkTestSession.get();
    SyntheticLogWriter.write(spark, 24_000, 4, 5, dir.resolve("gen").toString(), false);
    String features = dir.resolve("features").toString();
    FeaturePipeline.run(spark,
        config().withPaths(dir.resolve("gen").resolve(SyntheticLogWriter.LOGS).toString(), features));

    FeatureManifest m = FeatureParquet.manifest(spark, features);
    List<FeatureRow> train = FeatureParquet.collect(spark, features, m, Split.TRAIN, 1_000_000);
    List<FeatureRow> val = FeatureParquet.collect(spark, features, m, Split.VALIDATION, 1_000_000);
    assertEquals(m.counts().written().get("train"), train.size());
    assertEquals(m.counts().written().get("validation"), val.size());

    Row first = FeatureParquet.split(spark, features, m, Split.TRAIN).first();
    FeatureRow r = train.get(0);
    assertArrayEquals(first.getList(first.fieldIndex("indices")).stream().mapToInt(i -> (Integer) i).toArray(),
        r.indices);
    assertEquals(m.indexWidth(), r.indices.length);
    assertEquals(m.dense().size(), r.dense.length, "n4 standardized");
    assertEquals(1, r.dense.length);
    assertNotNull(r.group);

    ModelSpec spec = ModelSpec.builder(ModelType.LR, m.indexWidth(), 1 << 14).denseFeatures(m.dense().size())
        .embeddingDim(1).hidden().learningRate(1e-2).seed(1).build();
    LocalTrainer.Result result = LocalTrainer.train(spec, train, val,
        new TrainSchedule(2, 256, 2, 1, 0.5, 1), m.downsampling().negativeRate());
    assertTrue(result.validation().auc() > 0.65, "validation AUC " + result.validation().auc());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeatureParquet.collect(spark, features, m, Split.TRAIN, 100));
    assertTrue(e.getMessage().contains("more than 100 rows"), e.getMessage());
  }
}
