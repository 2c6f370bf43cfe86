package io.sparkctr.models.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.common.json.Json;
import io.sparkctr.common.output.FileSums;
import io.sparkctr.models.tables.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bundle.json}: the bundle's format, its tables, whether it holds optimizer state, and
 * (format 3) the CRC32C of every other file of the bundle:
 * <pre>
 *   {"format": 3, "tables": ["linear-emb", "emb"], "optimizerState": false,
 *    "checksums": {"algorithm": "CRC32C", "files": {"manifest.json": "1c2e0a9f", "tables/emb.table": ...}}}
 * </pre>
 * An int8 bundle ({@code export --quantize int8}: its k-dim tables are read-only row-wise int8, table
 * format 3, for serving only) adds {@code "quantization": "int8"} after {@code optimizerState}; a bundle
 * without the key has float tables ({@code none}), so bundle.json of a float bundle is as before.
 * Reading verifies every listed file before anything is loaded. Format 2 (the same without
 * checksums) still loads, with a warning that its files cannot be verified. Format 1 (no
 * bundle.json: embeddings inside model.zip) and unknown formats are refused naming the format.
 *
 * @param checksums relative path → CRC32C hex; empty for format 2
 * @param quantization how the tables are stored ({@code none} when bundle.json does not say)
 */
record BundleMarker(int format, List<String> tables, boolean optimizerState, Map<String, String> checksums,
                    Quantization quantization) {
  static final int FORMAT = 3;
  /** The format before checksums, still read. */
  static final int UNCHECKED_FORMAT = 2;
  static final String FILE = "bundle.json";
  private static final ObjectMapper JSON = Json.PRETTY;
  private static final Logger LOG = LoggerFactory.getLogger(BundleMarker.class);

  /** Sums every file now in {@code dir} (but bundle.json) and writes bundle.json, format 3. */
  static void write(Path dir, List<String> tables, boolean optimizerState, Quantization quantization)
      throws IOException {
    FileSystem fs = local();
    Map<String, String> sums = FileSums.ofTree(fs, hadoop(dir), FILE::equals);
    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("format", FORMAT);
    marker.put("tables", new ArrayList<>(tables));
    marker.put("optimizerState", optimizerState);
    if (quantization != Quantization.NONE) {
      marker.put("quantization", quantization.configName());
    }
    marker.put("checksums", Map.of("algorithm", FileSums.ALGORITHM, "files", sums));
    Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(marker));
  }

  /**
   * Reads bundle.json and verifies the files it sums.
   *
   * @throws IllegalArgumentException naming the bundle and the file: another format, malformed JSON,
   *     a file missing or failing its checksum
   */
  static BundleMarker readVerified(Path dir) throws IOException {
    BundleMarker m = readUnverified(dir);
    if (m.format == FORMAT) {
      FileSums.verify(local(), hadoop(dir), m.checksums, "model bundle " + dir);
    } else {
      LOG.warn("Model bundle {} is of format {}, written before checksums: its files cannot be verified (write it "
          + "again with `sparkctr export` to add them)", dir, m.format);
    }
    return m;
  }

  /** Reads and checks bundle.json without verifying the files it sums. */
  static BundleMarker readUnverified(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(FILE))) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": format 1 (embeddings inside model.zip, "
          + "written before sparse embedding tables); this version reads formats " + UNCHECKED_FORMAT + " and "
          + FORMAT + " — retrain the model, or score it with the version that wrote it");
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(dir.resolve(FILE)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + FILE + " is not valid JSON ("
          + e.getOriginalMessage() + ", line " + e.getLocation().getLineNr() + ")", e);
    }
    int format = root.path("format").asInt(-1);
    if (format != FORMAT && format != UNCHECKED_FORMAT) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + FILE + " gives format "
          + root.path("format") + "; this version reads formats " + UNCHECKED_FORMAT + " and " + FORMAT);
    }
    List<String> tables = new ArrayList<>();
    root.path("tables").forEach(n -> tables.add(n.asText()));
    Map<String, String> sums = new TreeMap<>();
    root.path("checksums").path("files").fields().forEachRemaining(e -> sums.put(e.getKey(), e.getValue().asText()));
    if (format == FORMAT
        && (!FileSums.ALGORITHM.equals(root.path("checksums").path("algorithm").asText()) || sums.isEmpty())) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + FILE + " of format " + FORMAT
          + " has no " + FileSums.ALGORITHM + " checksums");
    }
    return new BundleMarker(format, List.copyOf(tables), root.path("optimizerState").asBoolean(false), sums,
        quantization(root, dir));
  }

  private static Quantization quantization(JsonNode root, Path dir) {
    try {
      return Quantization.parse(root.path("quantization").asText("none"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + FILE + " gives quantization "
          + root.path("quantization") + "; this version reads none and int8", e);
    }
  }

  private static FileSystem local() throws IOException {
    return FileSystem.getLocal(new Configuration()).getRawFileSystem();
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toAbsolutePath().toUri());
  }
}
