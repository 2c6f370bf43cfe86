package io.sparkctr.features.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import io.sparkctr.features.parse.ParsedRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

class RecordTransformerTest {
  static final int BITS = 16;
  static final int SEED = 42;
  // slots: c1, c2 (vocabulary {x, y}), n1 log-bucket, n2 quantile, cross c1_x_c2, cross c1_x_n1
  static final List<Slot> SLOTS = List.of(
      new Slot("c1", Slot.CATEGORICAL, List.of("c1"), null, null, 0, null),
      new Slot("c2", Slot.CATEGORICAL, List.of("c2"), null, null, 2, List.of("x", "y")),
      new Slot("n1", Slot.NUMERIC, List.of("n1"), "log-bucket", null, 0, null),
      new Slot("n2", Slot.NUMERIC, List.of("n2"), "quantile", List.of(1.0, 5.0, 9.0), 0, null),
      new Slot("c1_x_c2", Slot.CROSS, List.of("c1", "c2"), null, null, 0, null),
      new Slot("c1_x_n1", Slot.CROSS, List.of("c1", "n1"), null, null, 0, null));
  static final FeatureManifest MANIFEST = new FeatureManifest(1,
      new FeatureManifest.RawInput("csv", true, ",", List.of("label", "t", "c1", "c2", "n1", "n2", "n3"), List.of()),
      new FeatureManifest.Fields("label", null, null, List.of("c1", "c2"), List.of("n1", "n2", "n3"), "t",
          "epoch-seconds", "UTC", "x"),
      new FeatureManifest.Hashing(BITS, SEED, 12), SLOTS,
      List.of(new FeatureManifest.DenseField("n3", 10.0, 4.0)),
      new FeatureManifest.Downsampling(1.0, 7), null, null);

  /** The documented scheme, computed with an independent murmur3 implementation. */
  static int expected(String token) {
    byte[] b = token.getBytes(StandardCharsets.UTF_8);
    int h = MurmurHash3.hash32x86(b, 0, b.length, SEED);
    int reserved = 2 * SLOTS.size();
    return reserved + (int) (Integer.toUnsignedLong(h) % ((1 << BITS) - reserved));
  }

  static ParsedRecord record(String c1, String c2, double n1, double n2, double n3) {
    return new ParsedRecord(1, 0, null, null, new String[] {c1, c2}, new double[] {n1, n2, n3}, "f", 0);
  }

  @Test
  void indicesMatchTheDocumentedHashScheme() {
    RecordTransformer t = new RecordTransformer(MANIFEST);
    int[] got = t.indices(record("abc", "x", 10, 5, 14));
    assertArrayEquals(new int[] {
        expected("c1=abc"), expected("c2=x"), expected("n1=L5"), expected("n2=Q2"),
        expected("c1_x_c2=abc\u0001x"), expected("c1_x_n1=abc\u0001L5")}, got);
    assertArrayEquals(new double[] {1.0}, t.dense(record("abc", "x", 10, 5, 14)), 1e-12);
  }

  @Test
  void missingAndOutOfVocabularyValuesGetTheirSlotsReservedIndices() {
    RecordTransformer t = new RecordTransformer(MANIFEST);
    int[] got = t.indices(record(null, "zzz", Double.NaN, 0, Double.NaN));
    assertEquals(0, got[0]);              // missing c1: 2 * slot 0
    assertEquals(3, got[1]);              // c2 = zzz not in vocabulary: 2 * slot 1 + 1
    assertEquals(4, got[2]);              // missing n1
    assertEquals(expected("n2=Q0"), got[3]);
    assertEquals(8, got[4]);              // a cross with a missing member is missing
    assertEquals(10, got[5]);
    assertArrayEquals(new double[] {0.0}, t.dense(record(null, "x", 1, 1, Double.NaN)), 0.0);
  }

  @Test
  void hashedIndicesStayInTheSpaceAndOutOfTheReservedRange() {
    RecordTransformer t = new RecordTransformer(MANIFEST);
    for (int i = 0; i < 5000; i++) {
      int[] idx = t.indices(record("v" + i, i % 2 == 0 ? "x" : "y", i, i % 11, i));
      for (int v : idx) {
        assertEquals(true, v >= 12 && v < (1 << BITS), "index " + v);
      }
    }
  }

  @Test
  void downsamplerKeepsPositivesAndAboutTheRateOfNegatives() {
    NegativeDownsampler d = new NegativeDownsampler(0.25, 7);
    int kept = 0;
    for (int i = 0; i < 40_000; i++) {
      assertEquals(true, d.keep(1, "f", i));
      kept += d.keep(0, "f", i) ? 1 : 0;
    }
    assertEquals(0.25, kept / 40_000.0, 0.01);
    assertEquals(d.keep(0, "g", 17), new NegativeDownsampler(0.25, 7).keep(0, "g", 17));
  }
}
