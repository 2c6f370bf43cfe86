package io.sparkctr.models.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.features.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundle format 3: every file summed in bundle.json and verified before anything loads; format 2
 * (the committed fixture, written by main before this format) still loads and scores as it did.
 */
class BundleFormatTest {
  static final Path FIXTURE = Paths.get("src/test/resources/fixtures/bundle-format2");
  /** What main before format 3 scored for {@link #record} with the fixture. */
  static final double FIXTURE_SCORE = 0.20265239477157593;

  static Map<String, String> record(RecordScorer s) {
    Map<String, String> r = new LinkedHashMap<>();
    for (String f : s.fields()) {
      r.put(f, f.startsWith("n") ? "3" : f.equals("timestamp") ? "1700000000" : "v" + f.length());
    }
    return r;
  }


  @Test
  void aFormatTwoBundleStillLoadsAndScoresAsBefore() {
    ModelBundle b = ModelBundle.read(FIXTURE);
    RecordScorer s = new RecordScorer(b);
    assertEquals(FIXTURE_SCORE, s.score(record(s)), 1e-7);
  }

  @Test
  void exportingAFormatTwoBundleWritesFormatThreeWithEverySum(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("b3");
    ModelBundle.read(FIXTURE).write(out, false, Map.of("extra/note.json", "{}"));
    JsonNode marker = Json.PRETTY.readTree(Files.readString(out.resolve(BundleMarker.FILE)));
    assertEquals(3, marker.path("format").asInt());
    assertEquals("CRC32C", marker.path("checksums").path("algorithm").asText());
    List<String> summed = Lists.of(marker.path("checksums").path("files").fieldNames());
    assertEquals(List.of("extra/note.json", "lineage.json", "manifest.json", "model.zip", "spec.json", "summary.json",
        "tables/emb.table", "tables/linear-emb.table"), summed);
    RecordScorer s = new RecordScorer(ModelBundle.read(out));
    assertEquals(FIXTURE_SCORE, s.score(record(s)), 1e-7);
  }

  @Test
  void aFlippedByteInAnyFileIsNamedBeforeAnythingLoads(@TempDir Path dir) throws Exception {
    Path b = dir.resolve("b");
    ModelBundle.read(FIXTURE).write(b);
    for (String f : List.of("tables/emb.table", "model.zip", "manifest.json")) {
      Path c = TestFiles.copyTree(b, dir.resolve("c-" + f.replace('/', '-')));
      byte[] bytes = Files.readAllBytes(c.resolve(f));
      bytes[bytes.length / 2] ^= 0x10;
      Files.write(c.resolve(f), bytes);
      String m = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(c)).getMessage();
      assertEquals("Cannot read model bundle " + c + ": " + f + " fails its checksum", m.substring(0, m.indexOf(" (")),
          m);
    }
    Path d = TestFiles.copyTree(b, dir.resolve("d"));
    Files.delete(d.resolve("tables/emb.table"));
    String m = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(d)).getMessage();
    assertTrue(m.endsWith("tables/emb.table is missing"), m);
  }

  @Test
  void aMalformedOrUnknownMarkerIsNamed(@TempDir Path dir) throws Exception {
    Path b = TestFiles.copyTree(FIXTURE, dir.resolve("b"));
    Files.writeString(b.resolve(BundleMarker.FILE), "{\"format\": 2, \"tables\": [");
    String m = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(b)).getMessage();
    assertTrue(m.startsWith("Cannot read model bundle " + b + ": bundle.json is not valid JSON"), m);
    Files.writeString(b.resolve(BundleMarker.FILE), "{\"format\": 9}");
    m = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(b)).getMessage();
    assertTrue(m.contains("gives format 9; this version reads formats 2 and 3"), m);
  }

  @Test
  void aTruncatedTableOfAnUncheckedBundleIsNamed(@TempDir Path dir) throws Exception {
    Path b = TestFiles.copyTree(FIXTURE, dir.resolve("b"));
    byte[] bytes = Files.readAllBytes(b.resolve("tables/emb.table"));
    Files.write(b.resolve("tables/emb.table"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
    String m = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(b)).getMessage();
    assertTrue(m.endsWith("tables/emb.table is truncated (it ends before its last row)"), m);
  }

  /** Field names in order. */
  static final class Lists {
    static List<String> of(java.util.Iterator<String> it) {
      List<String> out = new java.util.ArrayList<>();
      it.forEachRemaining(out::add);
      out.sort(Comparator.naturalOrder());
      return out;
    }
  }
}
