package io.sparkctr.jobs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --key value} options and bare {@code --flag}s of one command, checked against what the
 * command accepts: an unknown option is an error that lists the accepted ones.
 */
public final class CommandLine {
  private final String command;
  private final Map<String, String> values;

  private CommandLine(String command, Map<String, String> values) {
    this.command = command;
    this.values = Map.copyOf(values);
  }

  /**
   * @param options options that take a value
   * @param flags options without a value
   */
  public static CommandLine parse(String command, List<String> args, Set<String> options, Set<String> flags) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("Cannot parse " + command + ": expected an option, got '" + a + "'");
      }
      String key = a.substring(2);
      if (flags.contains(key)) {
        values.put(key, "true");
      } else if (options.contains(key)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("Cannot parse " + command + ": --" + key + " needs a value");
        }
        values.put(key, args.get(++i));
      } else {
        throw new IllegalArgumentException("Cannot parse " + command + ": unknown option --" + key + "; accepted: "
            + options.stream().sorted().map(o -> "--" + o + " VALUE").toList()
            + (flags.isEmpty() ? "" : " " + flags.stream().sorted().map(f -> "--" + f).toList()));
      }
    }
    return new CommandLine(command, values);
  }

  public String required(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("Cannot run " + command + ": --" + key + " is required");
    }
    return v;
  }

  public String optional(String key) {
    return values.get(key);
  }

  public boolean flag(String key) {
    return values.containsKey(key);
  }

  public long longValue(String key, long defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot parse " + command + ": --" + key + " '" + v + "' is not an integer");
    }
  }
}
