package io.sparkctr.features.spark;

import static io.sparkctr.features.spark.FeatureTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.IndexTable;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import io.sparkctr.features.manifest.FeatureOutputSchema;
import io.sparkctr.features.manifest.ManifestInput;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.parse.RecordParser;
import io.sparkctr.features.transform.RecordTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-valued fields, time features and a numeric field used twice through the feature job: the
 * manifest names every feature and counts truncation, the written rows equal the manifest's
 * transform applied to the raw record (what scoring does), Parquet array columns give the same
 * features as the separated CSV field, and the manifest survives its JSON round trip while one
 * written before these features still loads.
 */
@Tag("integration")
class FeatureTypesPipelineTest {
  static final long T0 = QuarantineAndFailureTest.T0;
  static final String CONF = String.join("\n",
      "sparkctr.features {",
      "  schema { label = label, id = id, timestamp { field = ts }, categorical = [c1], numeric = [n1]",
      "    multi-valued = [{ field = genres, max-length = 3, pooling = mean },",
      "                    { field = items, separator = \" \", max-length = 2, pooling = weighted, weights = item_w,",
      "                      sequence = oldest-first }] }",
      "  numeric-transform.fields { n1 = [log-bucket, quantile, standardize] }",
      "  time-features { fields = [hour-of-day, day-of-week], zone = Asia/Tokyo }",
      "  vocabulary.fields { genres = 5 }",
      "  hashing.bits = 14",
      "  split { mode = fractions, validation-fraction = 0.2, test-fraction = 0.2 }",
      "}");
  static final String[] GENRES = {"Comedy", "Drama", "Horror", "Sci-Fi", "Rare"};
  @TempDir
  static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  /** Row i: genres of length i % 5 (0 = empty; Rare only in row 4), items of length i % 4. */
  static String csv() {
    StringBuilder b = new StringBuilder("id,label,ts,c1,n1,genres,items,item_w\n");
    for (int i = 0; i < 200; i++) {
      List<String> g = new ArrayList<>();
      for (int j = 0; j < i % 5; j++) {
        g.add(i == 4 && j == 3 ? "Rare" : GENRES[(i + j) % 4]);
      }
      List<String> items = new ArrayList<>();
      List<String> w = new ArrayList<>();
      for (int j = 0; j < i % 4; j++) {
        items.add("it" + (i * 7 + j) % 30);
        w.add(Double.toString(0.5 * (j + 1)));
      }
      b.append("r").append(i).append(',').append(i % 3 == 0 ? 1 : 0).append(',').append(T0 + i * 1800L).append(',')
          .append("v").append(i % 6).append(',').append(i % 17).append(',').append(String.join("|", g)).append(',')
          .append(String.join(" ", items)).append(',').append(String.join(" ", w)).append('\n');
    }
    return b.toString();
  }

  @Test
  void newFeatureTypesMatchTheTransformOfTheRawRecordsAndParquetArraysMatchCsv() throws Exception {
    Path in = dir.resolve("csv");
    Files.createDirectories(in);
    String text = csv();
    Files.writeString(in.resolve("day.csv"), text);
    Path out = dir.resolve("out");
    FeatureManifest m = FeaturePipeline.run(spark, config(CONF, in.toString(), out.toString()));

    assertEquals(List.of("c1", "n1_log-bucket", "n1_quantile", "hour-of-day", "day-of-week"),
        m.slots().stream().map(Slot::name).toList());
    assertEquals("Asia/Tokyo", m.slots().get(3).zone());
    assertEquals(List.of("n1"), m.dense().stream().map(FeatureManifest.DenseField::field).toList());
    assertEquals(List.of("genres", "items"), m.multiValued().stream().map(FeatureManifest.MultiSlot::name).toList());
    assertEquals(2 * 7, m.hashing().reservedIndices());
    // genres has 4 items in rows i % 5 == 4 (40 rows, one item dropped each); items 3 in rows i % 4 == 3 (50 rows)
    assertEquals(Map.of("genres", 40L, "items", 50L), m.counts().truncated());
    assertEquals(Map.of("genres", 40L, "items", 50L), m.counts().truncatedItems());
    assertTrue(m.multiValued().get(0).vocabulary().containsAll(List.of("Comedy", "Drama")));
    assertTrue(!m.multiValued().get(0).vocabulary().contains("Rare"));
    assertEquals(m, FeatureManifest.fromJson(m.toJson(), "round trip"));

    // every written row equals the manifest's transform of its raw line, parsed as scoring parses it
    Map<String, Row> written = new HashMap<>();
    for (String split : List.of("train", "validation", "test")) {
      for (Row r : spark.read().parquet(out.resolve(split).toString()).collectAsList()) {
        written.put(r.getAs("id"), r);
      }
    }
    assertEquals(200, written.size());
    RecordParser parser = RecordParser.forScoring(m.rawInput().columns(), ',', '"', List.of(),
        ManifestInput.schema(m), "test");
    RecordTransformer t = new RecordTransformer(m);
    String[] lines = text.split("\n");
    for (int i = 1; i < lines.length; i++) {
      ParsedRecord p = parser.parseLine(lines[i], "day.csv", 0).record;
      Row r = written.get(p.id);
      assertEquals(Arrays.stream(t.indices(p)).boxed().toList(), r.getList(r.fieldIndex("indices")), p.id);
      assertEquals(Arrays.stream(t.bags(p)).map(a -> Arrays.stream(a).boxed().toList()).toList(),
          nested(r, FeatureOutputSchema.BAGS), p.id);
      List<List<Object>> w = nested(r, FeatureOutputSchema.BAG_WEIGHTS);
      float[][] expected = t.bagWeights(p);
      for (int b = 0; b < expected.length; b++) {
        for (int j = 0; j < expected[b].length; j++) {
          assertEquals(expected[b][j], (Float) w.get(b).get(j), 0f, p.id);
        }
      }
    }

    // the same logs as Parquet with array<string> genres and array<int>-free items: the same features
    Dataset<Row> raw = spark.read().option("header", true).csv(in.toString());
    Path parquet = dir.resolve("parquet");
    raw.withColumn("genres", functions.when(functions.col("genres").isNull(), functions.array())
            .otherwise(functions.split(functions.col("genres"), "\\|")))
        .withColumn("items", functions.split(functions.coalesce(functions.col("items"), functions.lit("")), " "))
        .withColumn("item_w", functions.split(functions.coalesce(functions.col("item_w"), functions.lit("")), " ")
            .cast("array<double>"))
        .write().parquet(parquet.toString());
    FeatureManifest pm = FeaturePipeline.run(spark, config(CONF + "\nsparkctr.features.input.format = parquet",
        parquet.toString(), dir.resolve("out-parquet").toString()));
    assertEquals(m.slots(), pm.slots());
    assertEquals(m.multiValued(), pm.multiValued());
    assertEquals(m.counts().truncated(), pm.counts().truncated());
    for (String split : List.of("train", "validation", "test")) {
      for (Row r : spark.read().parquet(dir.resolve("out-parquet").resolve(split).toString()).collectAsList()) {
        Row c = written.get(r.<String>getAs("id"));
        assertEquals(c.getList(c.fieldIndex("indices")), r.getList(r.fieldIndex("indices")));
        assertEquals(nested(c, FeatureOutputSchema.BAGS), nested(r, FeatureOutputSchema.BAGS), r.<String>getAs("id"));
      }
    }
  }

  @Test
  void indexTablesListTheirFieldsInModelOrderAndEveryWrittenIndexStaysInItsTable() throws Exception {
    Path in = dir.resolve("tables-csv");
    Files.createDirectories(in);
    Files.writeString(in.resolve("day.csv"), csv());
    Path out = dir.resolve("tables-out");
    FeatureManifest m = FeaturePipeline.run(spark, config(CONF + "\nsparkctr.features.hashing {"
        + " shared = [[c1, items]],"
        + " tables = [{ name = items, bits = 9, fields = [items, c1] },"
        + " { name = time_ctx, bits = 8, fields = [day-of-week, n1_quantile] }] }", in.toString(), out.toString()));

    assertEquals(List.of(new IndexTable("items", 9, List.of("c1", "items")),
        new IndexTable("time_ctx", 8, List.of("n1_quantile", "day-of-week")),
        new IndexTable(IndexTable.DEFAULT, 14, List.of("n1_log-bucket", "hour-of-day", "genres"))),
        m.hashing().tables());
    assertEquals(m.hashing().tables(), m.indexTables());
    assertEquals(2 * 3, m.hashing().reservedIndices(), "the default table's");
    assertEquals(m, FeatureManifest.fromJson(m.toJson(), "round trip"));

    Map<String, Long> size = new HashMap<>();
    m.indexTables().forEach(t -> t.fields().forEach(f -> size.put(f, t.size())));
    List<String> slots = m.slots().stream().map(Slot::name).toList();
    int rows = 0;
    boolean smallSeen = false;
    for (String split : List.of("train", "validation", "test")) {
      for (Row r : spark.read().parquet(out.resolve(split).toString()).collectAsList()) {
        rows++;
        List<Integer> idx = r.getList(r.fieldIndex("indices"));
        for (int s = 0; s < idx.size(); s++) {
          assertTrue(idx.get(s) >= 0 && idx.get(s) < size.get(slots.get(s)), slots.get(s) + ": " + idx.get(s));
        }
        List<List<Integer>> bags = nested(r, FeatureOutputSchema.BAGS);
        for (int b = 0; b < bags.size(); b++) {
          String f = m.multiValued().get(b).name();
          for (int v : bags.get(b)) {
            assertTrue(v >= 0 && v < size.get(f), f + ": " + v);
          }
        }
        smallSeen |= idx.get(0) >= 4 && bags.get(1).stream().anyMatch(v -> v >= 4);
      }
    }
    assertEquals(200, rows);
    assertTrue(smallSeen, "c1 and items hash into the items table past its 4 reserved indices");
  }

  @SuppressWarnings("unchecked")
  static <T> List<List<T>> nested(Row r, String column) {
    List<Object> outer = r.getList(r.fieldIndex(column));
    return outer.stream().map(o -> List.copyOf(scala.collection.JavaConverters.seqAsJavaList(
        (scala.collection.Seq<T>) o))).toList();
  }

  @Test
  void aManifestWrittenBeforeTheseFeaturesStillLoads() throws Exception {
    Path in = dir.resolve("old-csv");
    Files.createDirectories(in);
    Files.writeString(in.resolve("day.csv"), csv());
    String plain = String.join("\n", "sparkctr.features {",
        "  schema { label = label, id = id, timestamp { field = ts }, categorical = [c1, genres], numeric = [n1] }",
        "  hashing.bits = 14",
        "  split { mode = fractions, validation-fraction = 0.2, test-fraction = 0.2 }", "}");
    FeatureManifest m = FeaturePipeline.run(spark, config(plain, in.toString(), dir.resolve("old-out").toString()));
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(m.toJson());
    tree.remove("multiValued");
    ((ObjectNode) tree.get("rawInput")).remove(List.of("quote", "multiline"));
    ((ObjectNode) tree.get("counts")).remove(List.of("truncated", "truncatedItems"));
    tree.get("slots").forEach(s -> ((ObjectNode) s).remove("zone"));
    assertFalse(tree.get("hashing").has("tables"), "no tables: the hashing entry is written as before them");
    FeatureManifest old = FeatureManifest.fromJson(json.writeValueAsString(tree), "old manifest");
    assertEquals(List.of(), old.multiValued());
    assertNull(old.rawInput().quote());
    assertEquals(m.slots(), old.slots());
    assertEquals(FeatureManifest.Compatibility.SAME_TRANSFORM, old.compatibility(m));
    assertEquals(List.of(new FeatureManifest.IndexTable(FeatureManifest.IndexTable.DEFAULT, 14,
        m.slots().stream().map(FeatureManifest.Slot::name).toList())), old.indexTables());
    assertEquals("", ManifestInput.input(old, "x").quote(), "an old manifest scores unquoted, as it was trained");
  }
}
