package io.sparkctr.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.sparkctr.features.config.MultiValuedSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * {@link CtrClassifier}'s typed params for multi-valued fields ({@code sparkctr.features.schema.multi-valued}):
 * the columns, and the separator, max-length and pooling they share. A column's value is its items
 * joined by the separator (e.g. {@code "Comedy|Drama"}) or an array column; null or empty is the
 * field's missing value.
 *
 * <p>When any of them is set, the config's list is rebuilt: the fields are {@code multiValuedCols}
 * (when set, else those of the list in the file and overrides), each starting from its entry in that
 * list if it has one (so per-field keys such as {@code weights} or {@code sequence} given there stay),
 * else from the defaults, with every set shared param written over it. Defaults are the entry
 * defaults of {@code conf/defaults.conf}.
 */
final class MultiValuedParams {
  static final String KEY = ClassifierParams.FEATURES + MultiValuedSpec.KEY;
  /** Poolings the shared param takes; {@code weighted} needs a weights column per field (give it in the config). */
  static final String[] POOLINGS = {"sum", "mean"};
  /** An entry with nothing but a field: the defaults of every other key. */
  private static final MultiValuedSpec DEFAULTS = MultiValuedSpec.parseAll(
      ConfigValueFactory.fromIterable(List.of(Map.of("field", "f")))).get(0);

  final StringArrayParam cols;
  final Param<String> separator;
  final IntParam maxLength;
  final Param<String> pooling;

  MultiValuedParams(Params o, Config defaults) {
    cols = new StringArrayParam(o, "multiValuedCols", "multi-valued categorical columns: a string of items joined "
        + "by multiValuedSeparator, or an array column; null or empty = missing (" + KEY + ")");
    separator = new Param<>(o, "multiValuedSeparator", "the one character that splits a multi-valued string "
        + "column into items", Valid.<String>of(s -> s.length() == 1));
    maxLength = new IntParam(o, "multiValuedMaxLength", "the most items a multi-valued field keeps (longer lists "
        + "are truncated)", ParamValidators.inRange(1, MultiValuedSpec.MAX_LENGTH));
    pooling = new Param<>(o, "multiValuedPooling", "how the model pools a multi-valued field's item embeddings: "
        + "sum | mean (weighted: give the field's weights column in configOverrides)",
        ParamValidators.inArray(POOLINGS));
    o.setDefault(cols, MultiValuedSpec.parseAll(defaults.getList(KEY)).stream().map(MultiValuedSpec::field)
        .toArray(String[]::new));
    o.setDefault(separator, DEFAULTS.separator());
    o.setDefault(maxLength, DEFAULTS.maxLength());
    o.setDefault(pooling, DEFAULTS.pooling().configName());
  }

  /** {@code merged} with its multi-valued list rebuilt from the set params (unchanged when none is set). */
  Config apply(Params o, Config merged) {
    if (!(o.isSet(cols) || o.isSet(separator) || o.isSet(maxLength) || o.isSet(pooling))) {
      return merged;
    }
    Map<String, Map<String, Object>> given = new LinkedHashMap<>();
    for (ConfigValue v : merged.getList(KEY)) {
      if (v instanceof ConfigObject e && e.unwrapped().get("field") instanceof String f) {
        given.put(f, new LinkedHashMap<>(e.unwrapped()));
      }
    }
    List<String> fields = o.isSet(cols) ? List.of(o.getOrDefault(cols)) : List.copyOf(given.keySet());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (String f : fields) {
      Map<String, Object> e = given.getOrDefault(f, new LinkedHashMap<>(Map.of("field", f)));
      putIfSet(o, e, separator, "separator");
      putIfSet(o, e, maxLength, "max-length");
      putIfSet(o, e, pooling, "pooling");
      entries.add(e);
    }
    return merged.withValue(KEY, ConfigValueFactory.fromIterable(entries, "params multiValued*"));
  }

  private static void putIfSet(Params o, Map<String, Object> entry, Param<?> p, String key) {
    if (o.isSet(p)) {
      entry.put(key, o.getOrDefault(p));
    }
  }
}
