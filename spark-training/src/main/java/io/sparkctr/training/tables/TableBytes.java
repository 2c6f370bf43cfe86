package io.sparkctr.training.tables;

import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.Int8Table;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.Quantization;
import io.sparkctr.models.tables.ReplicaMean;
import io.sparkctr.models.tables.TableIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's tables as one byte array (a count, then each table in {@link TableIO}'s format), to ship:
 * float tables, or an int8 bundle's read-only int8 ones ({@link Int8Table}) for scoring.
 */
final class TableBytes {
  private TableBytes() {}

  /** Every table as stored: float (with state when {@code withState}), or int8 for an int8 bundle's. */
  static byte[] of(ModelTables tables, boolean withState) {
    Map<String, EmbeddingTable> all = new LinkedHashMap<>();
    tables.names().forEach(n -> all.put(n, tables.table(n)));
    return write(all, (t, out) -> TableIO.write(tables, t.name(), Quantization.NONE, withState, out));
  }

  /** The tables {@link #of} wrote, float ({@link LocalTable}) or int8 ({@link TableIO#readServing}), by name. */
  static Map<String, EmbeddingTable> read(byte[] bytes, String source) {
    return read(bytes, source, TableIO::readServing);
  }

  static Map<String, LocalTable> local(ModelTables tables) {
    Map<String, LocalTable> local = new LinkedHashMap<>();
    for (String n : tables.names()) {
      local.put(n, tables.local(n));
    }
    return local;
  }

  /**
   * Executors' trained copies, or sums of them, as {@link ReplicaMean} terms (a count, then each
   * table's term): {@code copies} says whether the tables are copies that counted their steps.
   */
  static byte[] ofTerms(Map<String, LocalTable> tables, boolean copies) {
    return write(tables, copies ? ReplicaMean::writeCopy : ReplicaMean::writeTerm);
  }

  static Map<String, LocalTable> readTerms(byte[] bytes, String source) {
    return read(bytes, source, ReplicaMean::readTerm);
  }

  /** How one table goes into the stream. */
  private interface Writer<T extends EmbeddingTable> {
    void write(T t, DataOutputStream out) throws IOException;
  }

  /** How one table comes out of the stream ({@code source} names it in errors). */
  private interface Reader<T extends EmbeddingTable> {
    T read(DataInputStream in, String source) throws IOException;
  }

  private static <T extends EmbeddingTable> byte[] write(Map<String, T> tables, Writer<T> writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(tables.size());
      for (T t : tables.values()) {
        writer.write(t, out);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize the embedding tables: " + e.getMessage(), e);
    }
  }

  private static <T extends EmbeddingTable> Map<String, T> read(byte[] bytes, String source, Reader<T> reader) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      int n = in.readInt();
      Map<String, T> out = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        T t = reader.read(in, source);
        out.put(t.name(), t);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the embedding tables of " + source + ": " + e.getMessage(), e);
    }
  }
}
