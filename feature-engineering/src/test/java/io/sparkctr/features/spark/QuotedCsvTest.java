package io.sparkctr.features.spark;

import static io.sparkctr.features.spark.FeatureTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.hash.IndexSpace;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureOutputSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 4180 CSV through the feature job: quoted fields holding the delimiter, doubled quotes and line
 * breaks hash as their unquoted values; malformed quoting is quarantined at its exact file and byte
 * offset, and every row is accounted for.
 */
@Tag("integration")
class QuotedCsvTest {
  static final long T0 = QuarantineAndFailureTest.T0;
  static final String CONF = String.join("\n",
      "sparkctr.features {",
      "  input { multiline = true }",
      "  schema { label = label, id = id, timestamp { field = ts }, categorical = [title, c2], numeric = [n1] }",
      "  hashing.bits = 12",
      "  split { mode = fractions, validation-fraction = 0.2, test-fraction = 0.2 }",
      "  quarantine.max-bad-fraction = 0.1",
      "}");
  static final String[] TITLES = {"\"Toy Story, 1995\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "plain"};
  static final String[] VALUES = {"Toy Story, 1995", "say \"hi\"", "two\nlines", "plain"};
  @TempDir
  static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  @Test
  void quotedFieldsParseAndBadQuotingIsQuarantinedAtItsOffset() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    StringBuilder b = new StringBuilder("\"id\",label,ts,title,c2,n1\n");
    List<Long> badOffsets = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      if (i == 30) {
        badOffsets.add((long) b.length());
        b.append("bad1,1,").append(T0 + 1800).append(",\"ab\"c,x,1\n");
      }
      b.append("r").append(i).append(',').append(i % 4 == 0 ? 1 : 0).append(',').append(T0 + i * 60).append(',')
          .append(TITLES[i % 4]).append(",\"v,").append(i % 3).append("\",").append(i).append('\n');
    }
    badOffsets.add((long) b.length());
    b.append("bad2,0,").append(T0 + 10).append(",\"never closed,x,1\nr99,0,").append(T0).append(",a,b,1\n");
    Files.writeString(in.resolve("day.csv"), b.toString(), StandardCharsets.UTF_8);

    Path out = dir.resolve("out");
    FeatureManifest m = FeaturePipeline.run(spark, config(CONF, in.toString(), out.toString()));
    assertEquals(Map.of("bad-quoting", 2L), m.counts().quarantined(), "the unterminated quote swallows the rest");
    assertEquals(62, m.counts().rowsRead(), "a record with a line break inside quotes is one row");
    assertEquals(60, m.counts().written().values().stream().mapToLong(Long::longValue).sum());
    assertEquals("\"", m.rawInput().quote());
    assertTrue(m.rawInput().multiline());

    List<Row> q = spark.read().schema(FeatureOutputSchema.QUARANTINE).json(out.resolve("quarantine").toString())
        .orderBy("location").collectAsList();
    assertEquals(2, q.size());
    List<String> locations = q.stream().map(r -> r.<String>getAs("location")).sorted().toList();
    assertEquals(badOffsets.stream().map(o -> "byte offset " + o).sorted().toList(), locations);
    for (Row r : q) {
      assertEquals("bad-quoting", r.getAs("reason"));
      assertTrue(r.<String>getAs("file").endsWith("day.csv"));
    }

    IndexSpace space = new IndexSpace(12, m.hashing().seed(), m.slots().size());
    Map<String, Integer> titleIndex = new HashMap<>();
    for (String split : List.of("train", "validation", "test")) {
      for (Row r : spark.read().parquet(out.resolve(split).toString()).collectAsList()) {
        int i = Integer.parseInt(r.<String>getAs("id").substring(1));
        List<Integer> idx = r.getList(r.fieldIndex("indices"));
        assertEquals(space.index("title", VALUES[i % 4]), idx.get(0), "row " + i);
        assertEquals(space.index("c2", "v," + i % 3), idx.get(1), "row " + i);
        titleIndex.put(VALUES[i % 4], idx.get(0));
      }
    }
    assertEquals(4, titleIndex.size());
  }
}
