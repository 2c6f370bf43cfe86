package io.sparkctr.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.models.data.FeatureRow;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows read from Spark's internal rows ({@link FeatureRowReader}, what training reads) equal the rows
 * read through the external {@code Row} ({@link FeatureParquet#toFeatureRow}), field for field, with
 * dense values, a group and a pooled field present; scoring's keyed rows carry the rows' ids.
 */
@Tag("integration")
class FeatureRowReaderTest {
  @Test
  void internalRowsReadAsTheExternalRows(@TempDir Path dir) {
    SparkSession spark = SparkTestSession.get();
    String features = SyntheticFeatures.write(spark, dir, 3_000, 3, 23, true, NewFeatureTypesScoringTest.EXTRA);
    FeatureManifest m = FeatureParquet.manifest(spark, features);
    Dataset<Row> split = FeatureParquet.split(spark, features, m, Split.TRAIN);

    List<FeatureRow> internal = FeatureRowReader.rows(split).collect();
    List<Row> external = split.collectAsList();

    assertEquals(external.size(), internal.size());
    assertTrue(internal.size() > 500, internal.size() + " rows");
    for (int i = 0; i < internal.size(); i++) {
      FeatureRow want = FeatureParquet.toFeatureRow(external.get(i));
      FeatureRow got = internal.get(i);
      assertEquals(want.label, got.label);
      assertEquals(want.timestamp, got.timestamp);
      assertArrayEquals(want.indices, got.indices);
      assertArrayEquals(want.dense, got.dense);
      assertEquals(want.group, got.group);
      assertEquals(1, got.bags.length, "one pooled field");
      assertArrayEquals(want.bags, got.bags);
      assertArrayEquals(want.bagWeights, got.bagWeights);
    }
    assertTrue(internal.stream().anyMatch(r -> r.dense.length > 1 && r.group != null));

    // scoring's reading: the same rows, each named by its id
    List<FeatureRowReader.Keyed> keyed = FeatureRowReader.keyedRows(split).collect();
    assertEquals(internal.size(), keyed.size());
    for (int i = 0; i < keyed.size(); i++) {
      assertEquals(external.get(i).getString(external.get(i).fieldIndex("id")), keyed.get(i).id());
      assertArrayEquals(internal.get(i).indices, keyed.get(i).row().indices);
      assertEquals(internal.get(i).label, keyed.get(i).row().label);
    }
    assertTrue(keyed.stream().allMatch(k -> k.id() != null && !k.id().isEmpty()));
  }
}
