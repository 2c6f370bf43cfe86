package io.sparkctr.features.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A multi-valued categorical field ({@code schema.multi-valued}): its value is a list of items — in
 * CSV/TSV one field split at {@code separator}, in Parquet an {@code array<string>} or
 * {@code array<int>} column. Each item is hashed (or looked up in the field's vocabulary) like a
 * single categorical value; the model pools the items' embeddings into one field vector.
 *
 * @param field the column
 * @param separator splits a text field into items (ignored for Parquet arrays)
 * @param maxLength the most items kept; longer lists are truncated (counted in the manifest)
 * @param pooling sum, mean, or weighted (needs {@code weights})
 * @param weights the column of the parallel weight list (same separator / an array of numbers); "" = none
 * @param sequence none (a set: the first maxLength items are kept), newest-first or oldest-first (a
 *     sequence: the maxLength most recent items are kept, stored newest first)
 */
public record MultiValuedSpec(String field, String separator, int maxLength, Pooling pooling, String weights,
                              Sequence sequence) implements Serializable {
  public static final String KEY = "schema.multi-valued";
  static final Set<String> KEYS = Set.of("field", "separator", "max-length", "pooling", "weights", "sequence");
  static final Map<String, Object> DEFAULTS = Map.of("separator", "|", "max-length", 50, "pooling", "mean",
      "weights", "", "sequence", "none");
  /** The longest list a field may keep. */
  public static final int MAX_LENGTH = 10_000;

  /** Order of a list's items. */
  public enum Sequence {
    NONE, NEWEST_FIRST, OLDEST_FIRST;

    public static Sequence parse(String v, String key) {
      try {
        return valueOf(v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot read " + key + ": '" + v
            + "' is not one of none, newest-first, oldest-first");
      }
    }

    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public MultiValuedSpec {
    String key = KEY + "." + field;
    if (field.isEmpty()) {
      throw new IllegalArgumentException("Cannot configure " + KEY + ": an entry has no field");
    }
    if (separator.length() != 1) {
      throw new IllegalArgumentException("Cannot configure " + key + ".separator: must be one character, got '"
          + separator + "'");
    }
    if (maxLength < 1 || maxLength > MAX_LENGTH) {
      throw new IllegalArgumentException("Cannot configure " + key + ".max-length: " + maxLength + " is outside [1, "
          + MAX_LENGTH + "]");
    }
    if ((pooling == Pooling.WEIGHTED) == weights.isEmpty()) {
      throw new IllegalArgumentException("Cannot configure " + key + ": pooling = " + pooling.configName()
          + (weights.isEmpty() ? " needs a weights column" : " takes no weights column ('" + weights
          + "'); use pooling = weighted"));
    }
  }

  /** Reads the list of {@code schema.multi-valued}, each entry's keys checked, defaults filled in. */
  public static List<MultiValuedSpec> parseAll(ConfigList list) {
    List<MultiValuedSpec> out = new ArrayList<>();
    for (ConfigValue v : list) {
      if (!(v instanceof ConfigObject o)) {
        throw new IllegalArgumentException("Cannot read " + KEY + ": entry " + v.render() + " is not an object such as"
            + " { field = genres, separator = \"|\", max-length = 10, pooling = mean }");
      }
      for (String k : o.keySet()) {
        if (!KEYS.contains(k)) {
          throw new IllegalArgumentException("Cannot read " + KEY + ": unknown key '" + k + "' ("
              + v.origin().description() + "); keys are " + KEYS);
        }
      }
      Map<String, Object> filled = new HashMap<>(DEFAULTS);
      o.unwrapped().forEach(filled::put);
      Config c = ConfigValueFactory.fromMap(filled).toConfig();
      String field = c.hasPath("field") ? c.getString("field") : "";
      String key = KEY + "." + field;
      out.add(new MultiValuedSpec(field, c.getString("separator"), c.getInt("max-length"),
          Pooling.parse(c.getString("pooling"), key + ".pooling"), c.getString("weights"),
          Sequence.parse(c.getString("sequence"), key + ".sequence")));
    }
    return List.copyOf(out);
  }

  /**
   * The positions, in a list of {@code n} items, of those kept, in stored order: the first
   * maxLength, or for {@code oldest-first} the last maxLength reversed (newest first).
   */
  public int[] keep(int n) {
    int kept = Math.min(n, maxLength);
    int[] at = new int[kept];
    for (int i = 0; i < kept; i++) {
      at[i] = sequence == Sequence.OLDEST_FIRST ? n - 1 - i : i;
    }
    return at;
  }
}
