package io.sparkctr.training.tables;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
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

/** A model's tables as one byte array (a count, then each table in {@link TableIO}'s format), to ship. */
final class TableBytes {
  private TableBytes() {}

  static byte[] of(ModelTables tables, boolean withState) {
    return of(local(tables), withState);
  }

  static Map<String, LocalTable> local(ModelTables tables) {
    Map<String, LocalTable> local = new LinkedHashMap<>();
    for (String n : tables.names()) {
      local.put(n, tables.local(n));
    }
    return local;
  }

  static byte[] of(Map<String, LocalTable> tables, boolean withState) {
    return write(tables, (t, out) -> TableIO.write(t, withState, out));
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

  static Map<String, LocalTable> read(byte[] bytes, String source) {
    return read(bytes, source, TableIO::read);
  }

  /** How one table goes into the stream. */
  private interface Writer {
    void write(LocalTable t, DataOutputStream out) throws IOException;
  }

  /** How one table comes out of the stream ({@code source} names it in errors). */
  private interface Reader {
    LocalTable read(DataInputStream in, String source) throws IOException;
  }

  private static byte[] write(Map<String, LocalTable> tables, Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(tables.size());
      for (LocalTable t : tables.values()) {
        writer.write(t, out);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize the embedding tables: " + e.getMessage(), e);
    }
  }

  private static Map<String, LocalTable> read(byte[] bytes, String source, Reader reader) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      int n = in.readInt();
      Map<String, LocalTable> out = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        LocalTable t = reader.read(in, source);
        out.put(t.name(), t);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the embedding tables of " + source + ": " + e.getMessage(), e);
    }
  }
}
