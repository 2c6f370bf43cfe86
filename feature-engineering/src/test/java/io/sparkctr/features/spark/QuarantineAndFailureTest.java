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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad rows, bad inputs and bad configs: quarantined with reasons, or failing before any output. */
@Tag("integration")
class QuarantineAndFailureTest {
  static final String CONF = String.join("\n",
      "sparkctr.features {",
      "  schema { label = label, timestamp { field = ts }, categorical = [c1, c2], numeric = [n1] }",
      "  hashing.bits = 12",
      "  split { mode = fractions, validation-fraction = 0.2, test-fraction = 0.2 }",
      "  quarantine.max-bad-fraction = 0.05",
      "}");
  static final String HEADER = "label,ts,c1,c2,n1\n";
  /** Event times start here (2026-01-01T00:00:00Z), inside the default plausible range. */
  static final long T0 = 1_767_225_600L;
  static final List<String> BAD = List.of(
      "",                        // empty-line
      "1,1767225600,a,b",        // wrong-field-count
      "7,1767225600,a,b,1",      // bad-label
      "1,noon,a,b,1",            // bad-timestamp
      "0,1767225600,a,b,x1");    // bad-number
  @TempDir
  static Path dir;
  static SparkSession spark;
  static Path input;
  static Map<String, Long> badOffset = new HashMap<>();

  @BeforeAll
  static void writeInput() throws Exception {
    spark = SparkTestSession.get();
    input = dir.resolve("in");
    Files.createDirectories(input);
    for (int f = 0; f < 2; f++) {
      StringBuilder sb = new StringBuilder(HEADER);
      for (int i = 0; i < 100; i++) {
        if (f == 1 && i % 20 == 10) {
          String bad = BAD.get(i / 20);
          badOffset.put(bad, (long) sb.toString().getBytes(StandardCharsets.UTF_8).length);
          sb.append(bad).append('\n');
        }
        int t = f * 100 + i;
        sb.append(t % 3 == 0 ? 1 : 0).append(',').append(T0 + t).append(",v").append(t % 7).append(",w")
            .append(t % 5).append(',').append(t % 11 == 0 ? "" : String.valueOf(t)).append('\n');
      }
      Files.writeString(input.resolve("part-" + f + ".csv"), sb.toString());
    }
  }

  @Test
  void eachBadRowIsQuarantinedWithFileOffsetAndReason() throws Exception {
    Path out = dir.resolve("out");
    FeatureManifest m = FeaturePipeline.run(spark, config(CONF, input.toString(), out.toString()));
    assertEquals(205, m.counts().rowsRead());
    assertEquals(2, m.counts().headerLines());
    assertEquals(Map.of("empty-line", 1L, "wrong-field-count", 1L, "bad-label", 1L, "bad-timestamp", 1L,
        "bad-number", 1L), m.counts().quarantined());
    assertEquals(200, m.counts().written().values().stream().mapToLong(Long::longValue).sum());
    List<Row> q = spark.read().schema(FeatureOutputSchema.QUARANTINE).json(out.resolve("quarantine").toString())
        .collectAsList();
    assertEquals(5, q.size());
    List<String> reasons = new ArrayList<>();
    for (Row r : q) {
      String raw = r.getAs("raw");
      assertTrue(r.<String>getAs("file").endsWith("part-1.csv"), r.toString());
      assertEquals("byte offset " + badOffset.get(raw), r.getAs("location"), raw);
      reasons.add(r.getAs("reason"));
    }
    assertEquals(List.of("bad-label", "bad-number", "bad-timestamp", "empty-line", "wrong-field-count"),
        reasons.stream().sorted().toList());
    assertTrue(q.stream().anyMatch(r -> "field n1 = 'x1' is not a finite number".equals(r.getAs("detail"))));
  }

  @Test
  void tooManyBadRowsFailWithTheWorstReasonsAndPublishNothing() throws Exception {
    Path out = dir.resolve("strict");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.run(spark,
        config(CONF + "\nsparkctr.features.quarantine.max-bad-fraction = 0.001", input.toString(), out.toString())));
    assertTrue(e.getMessage().contains("5 of 205 rows"), e.getMessage());
    assertTrue(e.getMessage().contains("bad-label=1"), e.getMessage());
    assertTrue(e.getMessage().contains("part-1.csv"), e.getMessage());
    assertFalse(Files.exists(out));
    assertTrue(FeatureTestSupport.hiddenSiblings(out).stream().noneMatch(n -> n.contains("strict")));
  }

  @Test
  void badInputsAndConfigsFailBeforeAnyWorkNamingTheCulprit() throws Exception {
    Path out = dir.resolve("never");
    assertFails(CONF, dir.resolve("no-such-dir").toString(), out, "does not exist");
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("a.csv"), "");
    assertFails(CONF, empty.toString(), out, "are empty");
    assertFails(CONF.replace("numeric = [n1]", "numeric = [n1, n9]"), input.toString(), out, "[n9] absent");
    Path otherHeader = dir.resolve("other-header");
    Files.createDirectories(otherHeader);
    Files.copy(input.resolve("part-0.csv"), otherHeader.resolve("a.csv"));
    Files.writeString(otherHeader.resolve("b.csv"), "label,ts,c1,c2,n2\n1,5,a,b,1\n");
    assertFails(CONF, otherHeader.toString(), out, "differs from the header");
    assertFails(CONF.replace("mode = fractions", "mode = instants, validation-start = \"1970-01-01T00:00:00Z\","
        + " test-start = \"1970-01-01T00:30:00Z\""), input.toString(), out, "no training rows");
    assertFalse(Files.exists(out));
  }

  @Test
  void anExistingOutputIsNeverOverwrittenUnlessAsked() throws Exception {
    Path out = dir.resolve("existing");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "precious");
    assertFails(CONF, input.toString(), out, "already exists");
    assertEquals("precious", Files.readString(out.resolve("keep.txt")));
    FeaturePipeline.run(spark, config(CONF + "\nsparkctr.features.output.overwrite = true", input.toString(),
        out.toString()));
    assertFalse(Files.exists(out.resolve("keep.txt")));
    assertTrue(Files.exists(out.resolve(FeatureManifest.FILE_NAME)));
    assertTrue(FeatureTestSupport.hiddenSiblings(out).stream().noneMatch(n -> n.contains("existing")));
  }

  private static void assertFails(String conf, String in, Path out, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeaturePipeline.run(spark, config(conf, in, out.toString())));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
