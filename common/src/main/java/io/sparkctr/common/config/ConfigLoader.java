package io.sparkctr.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a HOCON file over the packaged defaults ({@code conf/defaults.conf}) and rejects any key
 * the defaults do not declare, naming the key and the file (with its line) it came from.
 *
 * <p>Keys under the open maps listed in {@link #OPEN_MAPS} (per-field overrides) are field names,
 * not config keys; their owners check them against the declared fields.
 */
public final class ConfigLoader {
  /** Classpath location of the defaults; the build copies {@code conf/defaults.conf} there. */
  public static final String DEFAULTS_RESOURCE = "io/sparkctr/conf/defaults.conf";
  /** Where {@link #load} records the files it read ({@link #filesRead}); outside the {@code sparkctr} tree. */
  static final String FILES_KEY = "sparkctr-config-files";
  /** The prefix of Spark's own settings, which belong to Spark's configuration, not here. */
  private static final String SPARK = "spark.";

  /** Paths whose children are user-chosen names, not keys. */
  static final Set<String> OPEN_MAPS = Set.of(
      "sparkctr.features.numeric-transform.fields",
      "sparkctr.features.vocabulary.fields",
      "sparkctr.model.table-dims",
      "sparkctr.model.tables.groups");

  private ConfigLoader() {}

  /** The defaults alone. */
  public static Config defaults() {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * The defaults with command-line overrides ({@code key=value}, see {@link ConfigOverrides}) over them:
   * what a command whose config file is optional reads without one. No files read.
   */
  public static Config loadDefaults(List<String> overrides) {
    return merge(ConfigOverrides.parse(overrides), "defaults");
  }

  /**
   * Parses {@code file} (HOCON; includes resolved relative to it, a missing one an error:
   * {@link FileIncluder}), checks its keys, merges it over the defaults.
   */
  public static Config load(File file) {
    return load(file, List.of());
  }

  /**
   * As {@link #load(File)}, with command-line overrides ({@code key=value}, see {@link ConfigOverrides})
   * layered over the file: the same key checks, and the same type and range checks downstream.
   */
  public static Config load(File file, List<String> overrides) {
    Config set = ConfigOverrides.parse(overrides);
    if (!file.isFile()) {
      throw new IllegalArgumentException("Cannot load config: no such file " + file);
    }
    Config user;
    Set<String> read = new LinkedHashSet<>();
    try {
      user = FileIncluder.parse(file, ConfigParseOptions.defaults(), read).toConfig();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot load config " + file + ": " + e.getMessage(), e);
    }
    return merge(set.withFallback(user), file.toString())
        .withValue(FILES_KEY, ConfigValueFactory.fromIterable(read));
  }

  /**
   * The files a config was read from: the file given and every file it includes, as absolute paths
   * (none for the defaults or a string). Every job treats them as inputs: no output may replace them.
   */
  public static List<String> filesRead(Config config) {
    return config.hasPath(FILES_KEY) ? config.getStringList(FILES_KEY) : List.of();
  }

  /** Parses HOCON text (for tests and overrides), checks its keys, merges it over the defaults. */
  public static Config loadString(String hocon, String sourceName) {
    return merge(ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(sourceName)),
        sourceName);
  }

  private static Config merge(Config user, String source) {
    Config defaults = defaults();
    rejectUnknownKeys(user, defaults, source);
    try {
      return user.withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot load config " + source + ": " + e.getMessage(), e);
    }
  }

  static void rejectUnknownKeys(Config user, Config defaults, String source) {
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (isUnderOpenMap(key) || key.equals(FILES_KEY)) { // a whole loaded config rendered and read again
        continue;
      }
      if (!defaults.hasPathOrNull(key)) {
        String origin = where(e.getValue());
        throw new IllegalArgumentException("Cannot load config " + source + ": unknown key '" + key
            + "' (" + origin + ")" + (isSparkKey(key) ? sparkHint(key, e.getValue()) : suggestion(key, defaults)));
      }
      ConfigValueType expected = defaults.getValue(key).valueType();
      ConfigValueType actual = e.getValue().valueType();
      if (expected == ConfigValueType.NUMBER) {
        requireFiniteNumber(user, key, e.getValue(), source);
      }
      if (expected == ConfigValueType.LIST && actual != ConfigValueType.LIST) {
        throw new IllegalArgumentException("Cannot load config " + source + ": key '" + key
            + "' must be a list, got " + actual + " (" + where(e.getValue()) + ")");
      }
    }
  }

  /** A number too large for a double (1e400) or a NaN/Infinity spelled as a string is refused here, naming the key. */
  private static void requireFiniteNumber(Config user, String key, ConfigValue v, String source) {
    double d;
    try {
      d = user.getDouble(key);
    } catch (ConfigException ignored) {
      return; // not a number at all: the setting's own reader names the key and the expected type
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("Cannot load config " + source + ": key '" + key + "' is not a finite number"
          + " (read as " + d + "; " + where(v) + ")");
    }
  }

  private static String where(ConfigValue v) {
    ConfigOrigin o = v.origin();
    return o.filename() != null && o.lineNumber() > 0 ? o.filename() + " line " + o.lineNumber() : o.description();
  }

  /** {@code spark.executor.memory}, or {@code sparkctr.spark.executor.memory} as {@code --set spark.x=y} makes it. */
  private static boolean isSparkKey(String key) {
    return key.startsWith(SPARK) || key.startsWith("sparkctr." + SPARK);
  }

  /** Where a Spark setting goes instead: Spark's own configuration, given at launch. */
  private static String sparkHint(String key, ConfigValue value) {
    String setting = key.substring(key.indexOf(SPARK)) + "=" + value.unwrapped();
    return "; Spark settings are not sparkctr config keys: give them to spark-submit as --conf " + setting
        + ", or to bin/sparkctr as -D" + setting + " in $SPARKCTR_JAVA_OPTS";
  }

  private static boolean isUnderOpenMap(String key) {
    for (String open : OPEN_MAPS) {
      if (key.startsWith(open + ".")) {
        return true;
      }
    }
    return false;
  }

  private static String suggestion(String key, Config defaults) {
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    String best = null;
    int bestDistance = 3;
    for (Map.Entry<String, ConfigValue> d : defaults.entrySet()) {
      String candidate = d.getKey();
      String candLeaf = candidate.substring(candidate.lastIndexOf('.') + 1);
      int dist = editDistance(leaf, candLeaf);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = candidate;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
