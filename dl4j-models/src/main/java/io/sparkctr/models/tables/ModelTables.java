package io.sparkctr.models.tables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The tables of one model instance, by name, under a key that is unique in the JVM. A model is a
 * DL4J graph plus its tables: the graph's sparse layers carry the key and their table's name in
 * their (JSON-serialized) configuration and find the tables through {@link TableRegistry} at run
 * time, so every replica DL4J rebuilds from the configuration in this JVM (Spark local[*]
 * workers, {@code clone()}) shares these tables. A remote, sharded implementation registers itself
 * under the driver's key on each executor instead.
 *
 * <p>Also carries what every table step shares: the learning-rate scale of the trainer's schedule
 * and a freeze switch (no updates at all: gradient checks, fitting the dense part only).
 */
public final class ModelTables {
  private final String key;
  private final Map<String, EmbeddingTable> tables;
  private volatile double learningRateScale = 1;
  private volatile boolean frozen;

  /** New tables under a fresh key, registered in this JVM. */
  public ModelTables(Map<String, ? extends EmbeddingTable> tables) {
    this(UUID.randomUUID().toString(), tables);
  }

  /** Tables under a given key (e.g. an executor standing in for the driver's tables), registered. */
  public ModelTables(String key, Map<String, ? extends EmbeddingTable> tables) {
    this.key = key;
    this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    TableRegistry.register(this);
  }

  public String key() {
    return key;
  }

  public Set<String> names() {
    return tables.keySet();
  }

  public EmbeddingTable table(String name) {
    EmbeddingTable t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException("Cannot find table '" + name + "': the model has " + tables.keySet());
    }
    return t;
  }

  /**
   * The table as a {@link LocalTable} (training, saving with state, snapshots), or a clear error for a
   * remote one and for a read-only {@link Int8Table} ({@link Int8Table#servingOnly}).
   */
  public LocalTable local(String name) {
    EmbeddingTable t = table(name);
    if (t instanceof LocalTable l) {
      return l;
    }
    if (t instanceof Int8Table) {
      throw Int8Table.servingOnly("the model of table '" + name + "'");
    }
    throw new IllegalStateException("Cannot copy or save table '" + name + "': it is not held in this JVM");
  }

  /** {@link Quantization#INT8} when any table is a read-only {@link Int8Table} (an int8 bundle's), else NONE. */
  public Quantization quantization() {
    return storedAs(Quantization.NONE);
  }

  /** {@link Quantization#INT8} when any table is stored int8 under {@code q} ({@link Quantization#quantizes}). */
  public Quantization storedAs(Quantization q) {
    return tables.values().stream().anyMatch(q::quantizes) ? Quantization.INT8 : Quantization.NONE;
  }

  public TableStep step(int examples) {
    return new TableStep(examples, learningRateScale);
  }

  public void setLearningRateScale(double scale) {
    learningRateScale = scale;
  }

  public boolean frozen() {
    return frozen;
  }

  public void setFrozen(boolean frozen) {
    this.frozen = frozen;
  }

  /**
   * Writes every local table's pending regularization of untouched rows ({@link LocalTable#flush}),
   * so its rows hold final values.
   */
  public void flush() {
    for (EmbeddingTable t : tables.values()) {
      if (t instanceof LocalTable l) {
        l.flush();
      }
    }
  }

  /** Deep copies of all tables (weights, optimizer state, step). */
  public Map<String, LocalTable> snapshot() {
    Map<String, LocalTable> out = new LinkedHashMap<>();
    for (String n : tables.keySet()) {
      out.put(n, local(n).copy());
    }
    return out;
  }

  /** Overwrites every table with the same-named table of {@code other} (weights, state, step), copied directly. */
  public void copyFrom(ModelTables other) {
    for (String n : tables.keySet()) {
      local(n).restoreFrom(other.local(n));
    }
  }

  /** Puts the contents of a {@link #snapshot()} back. */
  public void restore(Map<String, LocalTable> snapshot) {
    for (Map.Entry<String, LocalTable> e : snapshot.entrySet()) {
      local(e.getKey()).restoreFrom(e.getValue());
    }
  }
}
