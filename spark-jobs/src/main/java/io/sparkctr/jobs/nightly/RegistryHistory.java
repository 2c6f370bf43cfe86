package io.sparkctr.jobs.nightly;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The history of a registry's pointer: {@code history/<time>-<id>.json}, one small file per switch
 * ({@link RegistryEvent}), created once and never rewritten, so it needs no append (object stores
 * have none) and two writers never collide. Read back in time order.
 */
final class RegistryHistory {
  static final String DIR = "history";
  private static final ObjectMapper JSON = Json.PRETTY;
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final FileSystem fs;
  private final Path dir;

  RegistryHistory(FileSystem fs, Path root) {
    this.fs = fs;
    this.dir = new Path(root, DIR);
  }

  void record(RegistryEvent e) {
    Instant t = Instant.parse(e.time());
    Path p = new Path(dir, NAME.format(t) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".json");
    try (OutputStream out = fs.create(p, false)) {
      out.write(JSON.writeValueAsBytes(e));
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot record " + e.action() + " of " + e.version() + " in " + p + ": "
          + ex.getMessage(), ex);
    }
  }

  /** Every event, oldest first. */
  List<RegistryEvent> read() {
    List<RegistryEvent> out = new ArrayList<>();
    try {
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".json"))) {
        try (InputStream in = fs.open(f.getPath())) {
          out.add(JSON.readValue(in, RegistryEvent.class));
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot read the registry history " + dir + ": " + ex.getMessage(), ex);
    }
    out.sort(Comparator.comparing(e -> Instant.parse(e.time())));
    return out;
  }
}
