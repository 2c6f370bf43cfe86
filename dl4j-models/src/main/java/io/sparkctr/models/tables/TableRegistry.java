package io.sparkctr.models.tables;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Model key → {@link ModelTables} in this JVM. Entries are weak: tables live as long as a graph
 * whose layers resolved them (or a caller) holds them, so dropped models free their rows.
 */
public final class TableRegistry {
  private static final Map<String, WeakReference<ModelTables>> TABLES = new HashMap<>();

  private TableRegistry() {}

  static synchronized void register(ModelTables t) {
    for (Iterator<WeakReference<ModelTables>> it = TABLES.values().iterator(); it.hasNext(); ) {
      if (it.next().get() == null) {
        it.remove();
      }
    }
    TABLES.put(t.key(), new WeakReference<>(t));
  }

  /**
   * @throws IllegalStateException when no tables are registered under {@code key} in this JVM
   */
  public static synchronized ModelTables lookup(String key) {
    WeakReference<ModelTables> ref = key == null ? null : TABLES.get(key);
    ModelTables t = ref == null ? null : ref.get();
    if (t == null) {
      throw new IllegalStateException("Cannot find the embedding tables of model " + key + " in this JVM: a graph "
          + "rebuilt from its configuration needs its tables bound (TableBinding.bind) or registered under its key");
    }
    return t;
  }
}
