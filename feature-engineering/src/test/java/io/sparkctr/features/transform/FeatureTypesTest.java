package io.sparkctr.features.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.config.MultiValuedSpec;
import io.sparkctr.features.config.NumericKind;
import io.sparkctr.features.config.Pooling;
import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimestampSpec;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.MultiSlot;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import io.sparkctr.features.parse.BadRowReason;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.parse.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

/**
 * The feature types of real click logs at the parser and transform level: multi-valued fields
 * (separators, empty lists, truncation of sets and sequences, weights), time features in a non-UTC
 * zone, and a numeric field used twice.
 */
class FeatureTypesTest {
  static final int BITS = 16;
  static final int SEED = 42;
  static final MultiValuedSpec GENRES = new MultiValuedSpec("genres", "|", 3, Pooling.MEAN, "",
      MultiValuedSpec.Sequence.NONE);
  static final MultiValuedSpec RECENT = new MultiValuedSpec("recent", " ", 2, Pooling.WEIGHTED, "recent_w",
      MultiValuedSpec.Sequence.OLDEST_FIRST);
  static final SchemaSpec SCHEMA = new SchemaSpec("label", Optional.empty(), Optional.empty(), List.of("c1"),
      List.of("n1"), new TimestampSpec("ts", "epoch-seconds", "UTC", "x"), List.of(GENRES, RECENT));
  static final RecordParser PARSER = new RecordParser(List.of("label", "ts", "c1", "n1", "genres", "recent",
      "recent_w"), ',', '"', List.of("NULL"), SCHEMA, "test");

  // slots: c1, n1_log-bucket, n1_quantile, hour-of-day, day-of-week (Europe/Paris); then genres (vocab), recent
  static final List<Slot> SLOTS = List.of(
      new Slot("c1", Slot.CATEGORICAL, List.of("c1"), null, null, 0, null),
      new Slot("n1_log-bucket", Slot.NUMERIC, List.of("n1"), "log-bucket", null, 0, null),
      new Slot("n1_quantile", Slot.NUMERIC, List.of("n1"), "quantile", List.of(1.0, 5.0, 9.0), 0, null),
      new Slot("hour-of-day", Slot.TIME, List.of("ts"), "hour-of-day", null, 0, null, "Europe/Paris"),
      new Slot("day-of-week", Slot.TIME, List.of("ts"), "day-of-week", null, 0, null, "Europe/Paris"));
  static final FeatureManifest MANIFEST = new FeatureManifest(1,
      new FeatureManifest.RawInput("csv", true, ",", List.of(), List.of(), "\"", false),
      new FeatureManifest.Fields("label", null, null, List.of("c1"), List.of("n1"), "ts", "epoch-seconds", "UTC",
          "x"),
      new FeatureManifest.Hashing(BITS, SEED, 14), SLOTS, List.of(new FeatureManifest.DenseField("n1", 4.0, 2.0)),
      new FeatureManifest.Downsampling(1.0, 7), null, null,
      List.of(new MultiSlot("genres", "|", 3, "mean", null, "none", 2, List.of("Comedy", "Drama")),
          new MultiSlot("recent", " ", 2, "weighted", "recent_w", "oldest-first", 0, null)));

  static int expected(String token) {
    byte[] b = token.getBytes(StandardCharsets.UTF_8);
    int h = MurmurHash3.hash32x86(b, 0, b.length, SEED);
    int reserved = 2 * 7;
    return reserved + (int) (Integer.toUnsignedLong(h) % ((1 << BITS) - reserved));
  }

  /** The documented index with 2 reserved slots (4 indices). */
  static int expected4(String token) {
    byte[] b = token.getBytes(StandardCharsets.UTF_8);
    int h = MurmurHash3.hash32x86(b, 0, b.length, SEED);
    return 4 + (int) (Integer.toUnsignedLong(h) % ((1 << BITS) - 4));
  }

  static ParsedRecord parse(String line) {
    ParseOutcome o = PARSER.parseLine(line, "f.csv", 0);
    assertTrue(o.isOk(), () -> String.valueOf(o.bad));
    return o.record;
  }

  @Test
  void multiValuedFieldsSplitTruncateAndKeepTheNewestItemsOfASequence() {
    // 2023-11-14T22:13:20Z = 23:13 in Paris, a Tuesday
    ParsedRecord r = parse("1,1700000000,a,7,Comedy||Drama|NULL|Horror|Western,i1 i2 i3,0.5 1 2");
    assertArrayEquals(new String[] {"Comedy", "Drama", "Horror"}, r.items[0], "empty and missing items dropped");
    assertArrayEquals(new String[] {"i3", "i2"}, r.items[1], "oldest-first: the newest kept, newest first");
    assertArrayEquals(new float[] {2f, 1f}, r.itemWeights[1]);
    assertArrayEquals(new int[] {1, 1}, r.dropped, "Western and i1 truncated");
    assertArrayEquals(new int[] {0, 0}, parse("1,1700000000,a,7,Comedy,i1,3").dropped);
    ParsedRecord empty = parse("0,1700000000,a,7,,,");
    assertEquals(0, empty.items[0].length);
    assertEquals(0, empty.items[1].length);
    ParsedRecord quoted = parse("0,1700000000,a,7,\"Sci-Fi|Drama, Romance\",x,1");
    assertArrayEquals(new String[] {"Sci-Fi", "Drama, Romance"}, quoted.items[0]);
  }

  @Test
  void weightsThatDoNotMatchTheirItemsAreQuarantined() {
    ParseOutcome o = PARSER.parseLine("1,1700000000,a,7,x,i1 i2,1", "f.csv", 5);
    assertEquals(BadRowReason.BAD_LIST, o.bad.reason());
    assertEquals("field recent_w has 1 weights for the 2 items of field recent", o.bad.detail());
    ParseOutcome n = PARSER.parseLine("1,1700000000,a,7,x,i1 i2,1 x", "f.csv", 5);
    assertEquals(BadRowReason.BAD_NUMBER, n.bad.reason());
    assertTrue(n.bad.detail().contains("recent_w item 2 = 'x'"), n.bad.detail());
  }

  @Test
  void bagsHashEachItemAndPoolingWeightsFollowTheFieldsPooling() {
    RecordTransformer t = new RecordTransformer(MANIFEST);
    ParsedRecord r = parse("1,1700000000,a,7,Comedy|Drama|Horror,i1 i2 i3,0.5 1 2");
    int[][] bags = t.bags(r);
    assertArrayEquals(new int[] {expected("genres=Comedy"), expected("genres=Drama"), 2 * 5 + 1}, bags[0],
        "Horror is outside the vocabulary: the field's out-of-vocabulary index 2 (S + 0) + 1");
    assertArrayEquals(new int[] {expected("recent=i3"), expected("recent=i2")}, bags[1]);
    float[][] w = t.bagWeights(r);
    assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f}, w[0]);
    assertArrayEquals(new float[] {2f, 1f}, w[1]);
    ParsedRecord empty = parse("0,1700000000,a,7,,,");
    assertArrayEquals(new int[][] {{2 * 5}, {2 * 6}}, t.bags(empty), "an empty list is the field's missing index");
    assertArrayEquals(new float[][] {{1f}, {1f}}, t.bagWeights(empty));
  }

  @Test
  void timeFeaturesUseTheConfiguredZoneAndANumericFieldFeedsTwoSlotsAndTheDenseArray() {
    RecordTransformer t = new RecordTransformer(MANIFEST);
    ParsedRecord r = parse("1,1700000000,a,7,,,");
    int[] idx = t.indices(r);
    assertEquals(expected("n1_log-bucket=L3"), idx[1], "ln(7)^2 = 3.79");
    assertEquals(expected("n1_quantile=Q2"), idx[2]);
    assertEquals(expected("hour-of-day=23"), idx[3], "22:13 UTC is 23:13 in Paris");
    assertEquals(expected("day-of-week=2"), idx[4], "Tuesday");
    assertArrayEquals(new double[] {1.5}, t.dense(r), 1e-12);
    // 2023-11-14T23:30:00Z: already Wednesday 00:30 in Paris
    ParsedRecord late = parse("1,1700004600,a,7,,,");
    assertEquals(expected("hour-of-day=0"), t.indices(late)[3]);
    assertEquals(expected("day-of-week=3"), t.indices(late)[4]);
  }

  @Test
  void fieldsOfASharedHashingGroupGiveEqualValuesTheSameIndex() {
    FeatureManifest shared = new FeatureManifest(1, MANIFEST.rawInput(), MANIFEST.fields(),
        new FeatureManifest.Hashing(BITS, SEED, 4), List.of(new Slot("c1", Slot.CATEGORICAL, List.of("c1"), null,
            null, 0, null)), List.of(), MANIFEST.downsampling(), null, null,
        List.of(new MultiSlot("recent", " ", 2, "sum", null, "none", 0, null, "c1")));
    RecordTransformer t = new RecordTransformer(shared);
    ParsedRecord r = new ParsedRecord(1, 0, null, null, new String[] {"i5"}, new double[0], "f", 0,
        new String[][] {{"i7", "i5"}}, new float[][] {null}, new int[] {0});
    int candidate = t.indices(r)[0];
    assertEquals(expected4("c1=i5"), candidate);
    assertEquals(candidate, t.bags(r)[0][1], "the clicked i5 and the candidate i5 share an index");
    assertEquals(expected4("c1=i7"), t.bags(r)[0][0]);
    FeatureConfig c = FeatureConfig.from(ConfigLoader.loadString("sparkctr.features { schema { categorical = [c1],"
        + " multi-valued = [{ field = genres }] }, hashing.shared = [[c1, genres]] }", "t.conf"), "t.conf");
    assertEquals("c1", c.hashing().hashName("genres"));
    assertEquals("c1", c.hashing().hashName("c1"));
  }

  @Test
  void configDeclaresTheNewTypesAndRejectsWhatCannotWork() {
    FeatureConfig c = FeatureConfig.from(ConfigLoader.loadString(String.join("\n",
        "sparkctr.features {",
        "  schema { categorical = [c1], numeric = [n1, n2], multi-valued = [{ field = genres, max-length = 4 }] }",
        "  numeric-transform.fields { n1 = [log-bucket, standardize], n2 = quantile }",
        "  time-features { fields = [hour-of-day, day-of-week], zone = America/New_York }",
        "  vocabulary.fields { genres = 2, n1_log-bucket = 3, hour-of-day = 1 }",
        "}"), "t.conf"), "t.conf");
    assertEquals(List.of(NumericKind.LOG_BUCKET, NumericKind.STANDARDIZE), c.numericTransform().kindsOf("n1"));
    assertEquals("n1_log-bucket", c.numericTransform().featureName("n1", NumericKind.LOG_BUCKET));
    assertEquals("n2", c.numericTransform().featureName("n2", NumericKind.QUANTILE));
    assertEquals(Pooling.MEAN, c.schema().multiValued().get(0).pooling());
    assertEquals("|", c.schema().multiValued().get(0).separator());
    assertEquals("America/New_York", c.timeFeatures().zone());
    assertTrue(c.schema().requiredColumns().contains("genres"));

    assertRejected("crosses = [[n1, c1]]", "has several transforms");
    assertRejected("schema.multi-valued = [{ field = g, pooling = weighted }]", "needs a weights column");
    assertRejected("schema.multi-valued = [{ field = g, max-len = 3 }]", "unknown key 'max-len'");
    assertRejected("time-features.fields = [minute]", "not one of hour-of-day, day-of-week");
    assertRejected("hashing.shared = [[c1, n1]]", "not a declared categorical or multi-valued field");
    assertRejected("schema.timestamp.format = file-day\ntime-features.fields = [hour-of-day]", "file-day");
  }

  private static void assertRejected(String extra, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureConfig.from(
        ConfigLoader.loadString("sparkctr.features { schema { categorical = [c1], numeric = [n1] }\n"
            + "numeric-transform.fields { n1 = [log-bucket, quantile] }\n" + extra + " }", "t.conf"), "t.conf"));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
