package io.sparkctr.features.spark;

import org.junit.jupiter.api.Tag;
import io.sparkctr.features.manifest.FeatureOutputSchema;
import static io.sparkctr.features.spark.FeatureTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input the job used to accept without a word, through the real pipeline: implausible times,
 * Java number syntax, loose labels, NUL characters and invalid UTF-8 quarantined with their
 * reasons; a byte-order mark stripped; a duplicate header name and a split below its minimum
 * failing before anything is published.
 */
@Tag("integration")
class StrictInputTest {
  static final String CONF = String.join("\n",
      "sparkctr.features {",
      "  schema { label = label, timestamp { field = ts }, categorical = [c1, c2], numeric = [n1] }",
      "  hashing.bits = 12",
      "  split { mode = fractions, validation-fraction = 0.2, test-fraction = 0.2 }",
      "  quarantine.max-bad-fraction = 0.1",
      "}");
  static final long T0 = QuarantineAndFailureTest.T0;
  static final long DAY = 86_400L;
  static final String T = Long.toString(T0 + 5);
  static final Map<String, String> BAD = new TreeMap<>(Map.ofEntries(
      Map.entry("1,99999999999,a,b,1", "implausible-timestamp"),   // year 5138
      Map.entry("1,1767225600000,a,b,1", "implausible-timestamp"), // milliseconds read as seconds
      Map.entry("0,-5,a,b,1", "implausible-timestamp"),
      Map.entry("0," + T + ",a,b,1d", "bad-number"),
      Map.entry("0," + T + ",a,b,0x1p3", "bad-number"),
      Map.entry("0," + T + ",a,b,NaN", "bad-number"),
      Map.entry("1.0," + T + ",a,b,1", "bad-label"),
      Map.entry(" 1," + T + ",a,b,1", "bad-label"),
      Map.entry("-0," + T + ",a,b,1", "bad-label"),
      Map.entry("," + T + ",a,b,1", "bad-label"),
      Map.entry("1," + T + ",a,b,5\0", "nul-byte"),
      Map.entry("1," + T + ",caf\uFFFD,b,1", "invalid-utf8")));  // written as the byte 0xE9
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  @TempDir
  static Path dir;
  static SparkSession spark;

  /** 100 good rows per day on {@code days}, one file per day; day 0 starts with a byte-order mark. */
  static Path write(String name, String header, List<Integer> days, boolean withBad) throws Exception {
    Path in = dir.resolve(name);
    Files.createDirectories(in);
    for (int day : days) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      if (day == 0) {
        b.writeBytes(BOM);
      }
      b.writeBytes(header.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 100; i++) {
        if (withBad && day == 1 && i < BAD.size()) {
          String bad = List.copyOf(BAD.keySet()).get(i);
          b.writeBytes(bad.replace("\uFFFD", "\u00e9").getBytes(bad.contains("\uFFFD") ? StandardCharsets.ISO_8859_1
              : StandardCharsets.UTF_8));
          b.write('\n');
        }
        String line = (i % 3 == 0 ? 1 : 0) + "," + (T0 + day * DAY + i * 60) + ",v" + i % 7 + ",w" + i % 5 + "," + i;
        b.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
      Files.write(in.resolve("day-" + day + ".csv"), b.toByteArray());
    }
    return in;
  }

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  @Test
  void eachSilentlyAcceptedSyntaxIsNowQuarantinedWithItsReason() throws Exception {
    Path in = write("lax", "label,ts,c1,c2,n1\n", List.of(0, 1, 2, 3, 4), true);
    Path out = dir.resolve("lax-out");
    FeatureManifest m = FeaturePipeline.run(spark, config(CONF, in.toString(), out.toString()));
    assertEquals(Map.of("implausible-timestamp", 3L, "bad-number", 3L, "bad-label", 4L, "nul-byte", 1L,
        "invalid-utf8", 1L), m.counts().quarantined());
    assertEquals(500, m.counts().written().values().stream().mapToLong(Long::longValue).sum(),
        "the BOM-prefixed file's header was recognised and its rows read");
    assertEquals(Instant.ofEpochSecond(T0).toString(), m.split().firstEvent());
    assertEquals(Instant.ofEpochSecond(T0 + 4 * DAY + 99 * 60).toString(), m.split().lastEvent(),
        "year 5138 does not stretch the split");
    List<Row> q = spark.read().schema(FeatureOutputSchema.QUARANTINE).json(out.resolve("quarantine").toString())
        .collectAsList();
    assertEquals(BAD.size(), q.size());
    for (Row r : q) {
      String raw = r.getAs("raw");
      assertEquals(BAD.get(raw), r.getAs("reason"), raw);
      assertTrue(r.<String>getAs("file").endsWith("day-1.csv"), r.toString());
    }
    assertTrue(q.stream().anyMatch(r -> ((String) r.getAs("detail")).startsWith("field ts = '99999999999' is"
        + " 5138-11-16T09:46:39Z, outside the plausible range [1990-01-01T00:00:00Z, ")), q.toString());
    assertTrue(q.stream().anyMatch(r -> "field label is empty".equals(r.getAs("detail"))), q.toString());
    assertTrue(q.stream().anyMatch(r -> "invalid UTF-8 byte 0xE9 at byte 16 of the line (field c1)"
        .equals(r.getAs("detail"))), q.toString());
  }

  @Test
  void anEmptySplitFailsBeforePublishingNamingBoundariesAndCounts() throws Exception {
    Path in = write("gap", "label,ts,c1,c2,n1\n", List.of(0, 1, 3), false);
    Path out = dir.resolve("gap-out");
    String conf = CONF.replace("mode = fractions", "mode = instants, validation-start = \"2026-01-03T00:00:00Z\","
        + " test-start = \"2026-01-04T00:00:00Z\"");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeaturePipeline.run(spark, config(conf, in.toString(), out.toString())));
    assertTrue(e.getMessage().startsWith("Cannot build features: the validation split has 0 rows, below"
        + " split.min-rows.validation = 1"), e.getMessage());
    assertTrue(e.getMessage().contains("validation from 2026-01-03T00:00:00Z, test from 2026-01-04T00:00:00Z"),
        e.getMessage());
    assertTrue(e.getMessage().contains("rows: train 200, validation 0, test 100"), e.getMessage());
    assertFalse(Files.exists(out));
    assertTrue(FeatureTestSupport.hiddenSiblings(out).stream().noneMatch(n -> n.contains("gap-out")));
  }

  @Test
  void aSplitBelowItsConfiguredMinimumFails() throws Exception {
    Path in = write("small", "label,ts,c1,c2,n1\n", List.of(0, 1, 2, 3, 4), false);
    Path out = dir.resolve("small-out");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.run(spark,
        config(CONF + "\nsparkctr.features.split.min-rows { test = 500, train = 301 }", in.toString(),
            out.toString())));
    assertTrue(e.getMessage().contains("the train split has 300 rows, below split.min-rows.train = 301; the test"
        + " split has 100 rows, below split.min-rows.test = 500"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void aParquetDoubleLabelIsZeroOrOneExactly() throws Exception {
    Path csv = write("typed", "label,ts,c1,c2,n1\n", List.of(0, 1, 2, 3, 4), false);
    String parquet = dir.resolve("typed-parquet").toString();
    spark.read().option("header", true).csv(csv.toString())
        .withColumn("label", functions.when(functions.col("n1").equalTo("7"), functions.lit(0.5))
            .otherwise(functions.col("label").cast("double")))
        .withColumn("ts", functions.col("ts").cast("long"))
        .write().parquet(parquet);
    FeatureManifest m = FeaturePipeline.run(spark, config(CONF + "\nsparkctr.features.input.format = parquet",
        parquet, dir.resolve("typed-out").toString()));
    assertEquals(Map.of("bad-label", 5L), m.counts().quarantined(), "0.5 on each day; 0.0 and 1.0 read as 0 and 1");
    assertEquals(495, m.counts().written().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(5 * 34, m.counts().positives().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void aDuplicateHeaderNameFailsNamingFileAndName() throws Exception {
    Path in = write("dup", "label,ts,c1,c2,n1,c1\n", List.of(5), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.run(spark,
        config(CONF, in.toString(), dir.resolve("dup-out").toString())));
    assertTrue(e.getMessage().contains("day-5.csv") && e.getMessage().contains("names column 'c1' twice"),
        e.getMessage());
  }
}
