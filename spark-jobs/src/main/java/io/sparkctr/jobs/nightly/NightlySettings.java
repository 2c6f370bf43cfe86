package io.sparkctr.jobs.nightly;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sparkctr.nightly}: where the daily logs are, how many days a run trains on, the model
 * registry, the scratch space and the gate (see {@code conf/defaults.conf}). Validated at construction.
 */
public record NightlySettings(String input, int windowDays, String registry, String workdir, boolean warmStart,
                              GateSpec gate) {
  public static final String ROOT = "sparkctr.nightly";
  public static final String DATE_TOKEN = "{date}";

  public NightlySettings {
    require(input.contains(DATE_TOKEN), "nightly.input '" + input + "' must contain " + DATE_TOKEN);
    require(!input.substring(input.indexOf(DATE_TOKEN)).substring(DATE_TOKEN.length()).contains(DATE_TOKEN),
        "nightly.input must contain " + DATE_TOKEN + " once");
    require(windowDays >= 3, "nightly.window-days " + windowDays + " must be >= 3 (train, validation and test days)");
    require(!registry.isEmpty(), "nightly.registry is empty");
    require(!workdir.isEmpty(), "nightly.workdir is empty");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot run nightly: " + message);
    }
  }

  public static NightlySettings from(Config root, String source) {
    try {
      Config c = root.getConfig(ROOT);
      Config g = c.getConfig("gate");
      return new NightlySettings(c.getString("input"), c.getInt("window-days"), c.getString("registry"),
          c.getString("workdir"), c.getBoolean("warm-start"), new GateSpec(g.getDouble("max-auc-drop"),
          g.getDouble("max-logloss-increase"), g.getDouble("min-calibration"), g.getDouble("max-calibration"),
          g.getBoolean("require-significance"), g.getDouble("min-auc-lower-bound"), g.getDouble("min-auc"),
          g.getDouble("max-logloss")));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }

  /** The window's days, oldest first, ending at {@code date}. */
  public List<LocalDate> days(LocalDate date) {
    List<LocalDate> days = new ArrayList<>();
    for (int i = windowDays - 1; i >= 0; i--) {
      days.add(date.minusDays(i));
    }
    return days;
  }

  /** The log path of one day. */
  public String dayPath(LocalDate day) {
    return input.replace(DATE_TOKEN, day.toString());
  }

  /** One Hadoop glob over all days of the window: {@code {date}} becomes {@code {d1,d2,...}}. */
  public String windowGlob(LocalDate date) {
    return input.replace(DATE_TOKEN, "{" + String.join(",", days(date).stream().map(LocalDate::toString).toList())
        + "}");
  }
}
