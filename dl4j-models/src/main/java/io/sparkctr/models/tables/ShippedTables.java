package io.sparkctr.models.tables;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's tables shipped to other JVMs (Spark executors) as one byte array (a count, then each
 * table in {@link TableIO}'s format): float tables, or an int8 bundle's read-only int8 ones
 * ({@link Int8Table}) for scoring. The driver writes them ({@link #of}); an executor {@link #open}s
 * them as its tables, trained there at the learning-rate scale they are opened with. Also the
 * executors' trained copies on their way to be averaged ({@link #ofTerms}).
 */
public final class ShippedTables {
  private ShippedTables() {}

  /** Every table as stored: float (with state when {@code withState}), or int8 for an int8 bundle's. */
  public static byte[] of(ModelTables tables, boolean withState) {
    Map<String, EmbeddingTable> all = new LinkedHashMap<>();
    tables.names().forEach(n -> all.put(n, tables.table(n)));
    return write(all, (t, out) -> TableIO.write(tables, t.name(), Quantization.NONE, withState, out));
  }

  /**
   * In an executor: the tables {@link #of} wrote become this JVM's tables of model {@code key}
   * (registered: graphs rebuilt from the driver's configuration find them), stepped at
   * {@code learningRateScale}. {@code held}, this JVM's tables of an earlier shipment, is refilled
   * when it holds the same float tables (graphs that outlive an epoch here, gradient sharing's
   * workers, hold that object); otherwise new tables are registered (an int8 bundle's are
   * read-only: scoring).
   *
   * @param held this JVM's tables of {@code key} so far, or null
   * @param copies executor copies trained apart: each weighs the regularization of its steps by
   *     this ({@link LocalTable#setRegularizationStepWeight}), so that after averaging every row has
   *     decayed as if one table had taken every step
   * @param trains the copies count how often they step each row, for {@link ReplicaMean}
   */
  public static ModelTables open(String key, byte[] bytes, ModelTables held, double learningRateScale, int copies,
                                 boolean trains) {
    Map<String, EmbeddingTable> shipped = read(bytes, "model " + key, TableIO::readServing);
    ModelTables t;
    if (held != null && held.names().equals(shipped.keySet()) && allLocal(shipped.values())
        && allLocal(held.names().stream().map(held::table).toList())) {
      t = held;
      shipped.forEach((name, table) -> t.local(name).restoreFrom((LocalTable) table));
    } else {
      t = new ModelTables(key, shipped);
    }
    t.setLearningRateScale(learningRateScale);
    for (String name : t.names()) {
      if (t.table(name) instanceof LocalTable l) {
        l.setRegularizationStepWeight(copies);
        if (trains) {
          l.countSteps();
        }
      }
    }
    return t;
  }

  /** The float tables of {@code tables}, by name. */
  public static Map<String, LocalTable> local(ModelTables tables) {
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
  public static byte[] ofTerms(Map<String, LocalTable> tables, boolean copies) {
    return write(tables, copies ? ReplicaMean::writeCopy : ReplicaMean::writeTerm);
  }

  /** The terms {@link #ofTerms} wrote, by name. */
  public static Map<String, LocalTable> readTerms(byte[] bytes, String source) {
    return read(bytes, source, ReplicaMean::readTerm);
  }

  private static boolean allLocal(java.util.Collection<EmbeddingTable> tables) {
    return tables.stream().allMatch(t -> t instanceof LocalTable);
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
