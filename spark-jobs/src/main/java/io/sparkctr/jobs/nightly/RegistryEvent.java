package io.sparkctr.jobs.nightly;

/**
 * One switch of a registry's {@code CURRENT} pointer, as kept in its history.
 *
 * @param time when, ISO-8601 UTC
 * @param action {@value #PUBLISH} (the nightly gate passed), {@value #PROMOTE}, {@value #ROLLBACK} or
 *     {@value #REPAIR} (by hand; a repair replaces a {@code CURRENT} that named no complete version)
 * @param version the version {@code CURRENT} now names
 * @param previous the version it named before, or null
 * @param reason why, as given by the operator (or the nightly run)
 * @param user the OS user that switched it
 */
public record RegistryEvent(String time, String action, String version, String previous, String reason, String user) {
  public static final String PUBLISH = "publish";
  public static final String PROMOTE = "promote";
  public static final String ROLLBACK = "rollback";
  public static final String REPAIR = "repair";

  public RegistryEvent {
    if (!(PUBLISH.equals(action) || PROMOTE.equals(action) || ROLLBACK.equals(action) || REPAIR.equals(action))) {
      throw new IllegalArgumentException("Cannot record registry event: action '" + action + "' is not "
          + PUBLISH + ", " + PROMOTE + ", " + ROLLBACK + " or " + REPAIR);
    }
    if (version == null || version.isBlank() || reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("Cannot record registry event: a version and a reason are required");
    }
  }

  /** Whether this event concerns {@code v}: it switched to it or away from it. */
  public boolean concerns(String v) {
    return v.equals(version) || v.equals(previous);
  }
}
