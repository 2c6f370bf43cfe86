package io.sparkctr.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.common.output.FileSums;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkpoint's own index of its files' CRC32C sums, {@value #FILE} in the checkpoint directory
 * ({@code {"algorithm": "CRC32C", "files": {"model.zip": "…", "tables/emb.table": "…"}}}), computed
 * while the files are written (the driver's files through {@link #summing}; with sharded tables each
 * owner sums its shard files and reports them), written before the checkpoint's directory is renamed
 * into place, and verified before a checkpoint is read. Checkpoints written before the index load
 * with a warning.
 */
final class CheckpointSums {
  static final String FILE = "checksums.json";
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointSums.class);

  private CheckpointSums() {}

  /** {@code out}, adding the CRC32C of what was written to {@code sums} under {@code name} when closed. */
  static OutputStream summing(OutputStream out, String name, Map<String, String> sums) {
    CRC32C crc = new CRC32C();
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        crc.update(b);
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        super.close();
        sums.put(name, String.format("%08x", crc.getValue()));
      }
    };
  }

  static void write(FileSystem fs, Path checkpoint, Map<String, String> sums) throws IOException {
    try (OutputStream out = fs.create(new Path(checkpoint, FILE), false)) {
      out.write(Json.PRETTY.writeValueAsString(Map.of("algorithm", FileSums.ALGORITHM, "files", new TreeMap<>(sums)))
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Verifies every file the index lists; a checkpoint without an index (written before it) is
   * accepted with a warning.
   *
   * @throws IllegalArgumentException "Cannot read checkpoint D: tables/emb.table fails its checksum ..."
   */
  static void verify(FileSystem fs, Path checkpoint) throws IOException {
    Path index = new Path(checkpoint, FILE);
    if (!fs.exists(index)) {
      LOG.warn("Checkpoint {} was written before checkpoint checksums: its files cannot be verified", checkpoint);
      return;
    }
    JsonNode files;
    try (InputStream in = fs.open(index)) {
      files = Json.PRETTY.readTree(in).path("files");
    }
    Map<String, String> sums = new TreeMap<>();
    files.fields().forEachRemaining(e -> sums.put(e.getKey(), e.getValue().asText()));
    FileSums.verify(fs, checkpoint, sums, "checkpoint " + checkpoint);
  }
}
