package io.sparkctr.models.bundle;

import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.Quantization;
import io.sparkctr.models.tables.TableIO;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
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
 * The bundle's embedding tables: {@code tables/<name>.table} ({@link TableIO}: float tables, or
 * read-only int8 ones in an int8 bundle); their names and quantization are in bundle.json
 * ({@link BundleMarker}).
 */
final class BundleTables {
  static final String DIR = "tables";

  private BundleTables() {}

  /**
   * Writes each table as stored under {@code q} ({@link Quantization#quantizes}); returns their names in order.
   *
   * @throws IllegalArgumentException when an int8 table would be written with optimizer state
   */
  static List<String> write(ModelTables tables, boolean withState, Quantization q, Path dir) throws IOException {
    Files.createDirectories(dir.resolve(DIR));
    for (String name : tables.names()) {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file(dir, name)), 1 << 20)) {
        TableIO.write(tables, name, q, withState, out);
      }
    }
    return new ArrayList<>(tables.names());
  }

  /**
   * Reads the tables {@code marker} lists, float or int8 ({@link TableIO#readServing}).
   *
   * @throws IllegalArgumentException naming the file when one is missing or truncated, or when the tables'
   *     quantization is not the one bundle.json gives
   */
  static ModelTables read(Path dir, BundleMarker marker) throws IOException {
    Map<String, EmbeddingTable> tables = new LinkedHashMap<>();
    for (String name : marker.tables()) {
      Path f = file(dir, name);
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + dir.relativize(f)
            + " is missing");
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 20)) {
        tables.put(name, TableIO.readServing(in, f.toString()));
      } catch (EOFException e) {
        throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + dir.relativize(f)
            + " is truncated (it ends before its last row)", e);
      }
    }
    ModelTables out = new ModelTables(tables);
    if (out.quantization() != marker.quantization()) {
      throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + BundleMarker.FILE + " gives "
          + "quantization " + marker.quantization().configName() + " but its tables are "
          + out.quantization().configName());
    }
    return out;
  }

  private static Path file(Path dir, String name) {
    return dir.resolve(DIR).resolve(name + ".table");
  }
}
