package io.sparkctr.models.bundle;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
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
 * The bundle's embedding tables: {@code tables/<name>.table} ({@link TableIO}); their names are
 * listed in bundle.json ({@link BundleMarker}).
 */
final class BundleTables {
  static final String DIR = "tables";

  private BundleTables() {}

  /** Writes each table; returns their names in order. */
  static List<String> write(ModelTables tables, boolean withState, Path dir) throws IOException {
    Files.createDirectories(dir.resolve(DIR));
    for (String name : tables.names()) {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file(dir, name)), 1 << 20)) {
        TableIO.write(tables.local(name), withState, out);
      }
    }
    return new ArrayList<>(tables.names());
  }

  static ModelTables read(Path dir, List<String> names) throws IOException {
    Map<String, LocalTable> tables = new LinkedHashMap<>();
    for (String name : names) {
      Path f = file(dir, name);
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + dir.relativize(f)
            + " is missing");
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 20)) {
        tables.put(name, TableIO.read(in, f.toString()));
      } catch (EOFException e) {
        throw new IllegalArgumentException("Cannot read model bundle " + dir + ": " + dir.relativize(f)
            + " is truncated (it ends before its last row)", e);
      }
    }
    return new ModelTables(tables);
  }

  private static Path file(Path dir, String name) {
    return dir.resolve(DIR).resolve(name + ".table");
  }
}
