package io.sparkctr.models.bundle;

import io.sparkctr.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableIO;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle's format marker and its tables: {@code bundle.json} ({@code {"format": 2, "tables":
 * [names], "optimizerState": bool}}) and {@code tables/<name>.table} ({@link TableIO}). Format 1
 * bundles (before sparse tables: embeddings inside model.zip) have no bundle.json.
 */
final class BundleTables {
  static final int FORMAT = 2;
  static final String MARKER = "bundle.json";
  static final String DIR = "tables";
  private static final ObjectMapper JSON = Json.PRETTY;

  private BundleTables() {}

  static void write(ModelTables tables, boolean withState, Path dir) throws IOException {
    Files.createDirectories(dir.resolve(DIR));
    for (String name : tables.names()) {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file(dir, name)), 1 << 20)) {
        TableIO.write(tables.local(name), withState, out);
      }
    }
    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("format", FORMAT);
    marker.put("tables", new ArrayList<>(tables.names()));
    marker.put("optimizerState", withState);
    Files.writeString(dir.resolve(MARKER), JSON.writeValueAsString(marker));
  }

  /**
   * @throws IllegalArgumentException for a bundle of another format, naming it
   */
  static int checkFormat(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(MARKER))) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": format 1 (embeddings inside model.zip, "
          + "written before sparse embedding tables); this version reads format " + FORMAT
          + " — retrain the model, or score it with the version that wrote it");
    }
    int format = JSON.readTree(Files.readString(dir.resolve(MARKER))).path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": format " + format
          + "; this version reads format " + FORMAT);
    }
    return format;
  }

  static ModelTables read(Path dir) throws IOException {
    JsonNode names = JSON.readTree(Files.readString(dir.resolve(MARKER))).path("tables");
    List<String> list = new ArrayList<>();
    names.forEach(n -> list.add(n.asText()));
    Map<String, LocalTable> tables = new LinkedHashMap<>();
    for (String name : list) {
      Path f = file(dir, name);
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + dir.relativize(f)
            + " is missing");
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 20)) {
        tables.put(name, TableIO.read(in, f.toString()));
      }
    }
    return new ModelTables(tables);
  }

  private static Path file(Path dir, String name) {
    return dir.resolve(DIR).resolve(name + ".table");
  }
}
