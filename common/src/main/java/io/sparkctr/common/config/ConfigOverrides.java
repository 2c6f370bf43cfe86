package io.sparkctr.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.List;

/**
 * Config keys overridden on the command line ({@code --set key=value}, repeatable; the later of two
 * settings of one key wins), layered over the user's file. The {@code sparkctr.} prefix of a key is
 * optional. A key the defaults declare as a string takes the value verbatim ({@code --set
 * sparkctr.nightly.input=hdfs:///logs/{date}}); any other value is HOCON ({@code 3}, {@code true},
 * {@code [a, b]}, {@code {min-count = 5}}). Every value's origin is {@code --set key=value}, so the
 * settings classes' type and range errors name it exactly as they name a line of the file.
 */
public final class ConfigOverrides {
  /** The source name in error messages. */
  public static final String SOURCE = "--set";
  private static final String ROOT = "sparkctr.";

  private ConfigOverrides() {}

  /**
   * @param settings {@code key=value} strings in command-line order
   * @return the overrides as a config (empty for none); keys checked against the defaults
   */
  public static Config parse(List<String> settings) {
    Config defaults = ConfigLoader.defaults();
    Config out = ConfigFactory.empty();
    for (String s : settings) {
      Config one = parseOne(s, defaults);
      ConfigLoader.rejectUnknownKeys(one, defaults, SOURCE);
      out = one.withFallback(out);
    }
    return out;
  }

  private static Config parseOne(String setting, Config defaults) {
    int eq = setting.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("Cannot parse " + SOURCE + " '" + setting + "': expected key=value, e.g. "
          + SOURCE + " sparkctr.training.epochs=3");
    }
    String key = setting.substring(0, eq).trim();
    String value = setting.substring(eq + 1).trim();
    if (!key.startsWith(ROOT)) {
      key = ROOT + key;
    }
    String origin = SOURCE + " " + setting;
    try {
      ConfigFactory.parseString(key + " = null"); // the key must be a valid path: a.b-c, "quoted.part"
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot parse " + SOURCE + " '" + setting + "': '" + key
          + "' is not a config key", e);
    }
    if (defaults.hasPathOrNull(key) && !defaults.getIsNull(key)
        && defaults.getValue(key).valueType() == ConfigValueType.STRING) {
      return ConfigValueFactory.fromAnyRef(value, origin).atPath(key);
    }
    if (value.contains("${")) {
      throw new IllegalArgumentException("Cannot parse " + SOURCE + " '" + setting + "': a " + SOURCE + " value is "
          + "taken literally and cannot refer to other settings (${...}); put the reference in the config file, or "
          + "give the value itself");
    }
    try {
      // parsed alone, then rebuilt with the origin (a parsed value's origin would add ": 1")
      Object parsed = ConfigFactory.parseString("v = " + value).getValue("v").unwrapped();
      return ConfigValueFactory.fromAnyRef(parsed, origin).atPath(key);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot parse " + SOURCE + " '" + setting + "': the value is not valid "
          + "HOCON (" + e.getMessage() + ")", e);
    }
  }
}
