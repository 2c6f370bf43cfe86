package io.sparkctr.features.config;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;

/**
 * Categorical features from the event time ({@code time-features}).
 *
 * @param fields the features, each once, in slot order
 * @param zone the zone they are computed in ("" = {@code schema.timestamp.zone})
 */
public record TimeFeaturesSpec(List<TimeFeature> fields, String zone) implements Serializable {
  public static final String FIELDS = "time-features.fields";
  public static final String ZONE = "time-features.zone";
  public static final TimeFeaturesSpec NONE = new TimeFeaturesSpec(List.of(), "");

  public TimeFeaturesSpec {
    fields = List.copyOf(fields);
    if (new HashSet<>(fields).size() != fields.size()) {
      throw new IllegalArgumentException("Cannot configure " + FIELDS + ": " + fields + " names a feature twice");
    }
    if (!zone.isEmpty()) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("Cannot configure " + ZONE + ": '" + zone + "' is not a zone id such as "
            + "Europe/Paris or UTC");
      }
    }
  }

  /** The zone the features are computed in. */
  public String zoneOr(String timestampZone) {
    return zone.isEmpty() ? timestampZone : zone;
  }
}
