package io.sparkctr.features.spark;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Config and output helpers shared by the pipeline tests. */
final class FeatureTestSupport {
  /** The synthetic preset's schema with every kind of transform switched on. */
  static final String SYNTHETIC = String.join("\n",
      "sparkctr.features {",
      "  input { format = csv, header = true }",
      "  schema { label = label, id = id, group = user_id",
      "    timestamp { field = timestamp, format = epoch-seconds }",
      "    categorical = [c1, c2, c3, c4, c5, c6, c7, c8]",
      "    numeric = [n1, n2, n3, n4] }",
      "  hashing.bits = 16",
      "  crosses = [[c1, c2], [c3, c4, c8], [c1, n2]]",
      "  numeric-transform { default = log-bucket, fields { n3 = quantile, n4 = standardize }, quantile-buckets = 8 }",
      "  vocabulary { min-count = 0, fields { c5 = 3 } }",
      "  split { mode = last-days, validation-days = 1, test-days = 1 }",
      "}");

  private FeatureTestSupport() {}

  static FeatureConfig config(String hocon, String input, String output) {
    return FeatureConfig.from(ConfigLoader.loadString(hocon, "test.conf"), "test.conf").withPaths(input, output);
  }

  static FeatureManifest readManifest(Path dir) {
    try {
      return FeatureManifest.fromJson(Files.readString(dir.resolve(FeatureManifest.FILE_NAME)), dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Row> rowsById(SparkSession spark, Path dir, String split) {
    return spark.read().parquet(dir.resolve(split).toString()).orderBy("id").collectAsList();
  }

  /** Sibling entries of {@code dir} whose names start with a dot: staging leftovers. */
  static List<String> hiddenSiblings(Path dir) throws IOException {
    try (var s = Files.list(dir.getParent())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }
}
