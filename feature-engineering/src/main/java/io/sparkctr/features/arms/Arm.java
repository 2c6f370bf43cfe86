package io.sparkctr.features.arms;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * One arm of an A/B test: its name (letters, digits, {@code _ . -}) and the fraction of units it gets, in (0, 1].
 * A plain final class, not a record: it travels to the executors inside an {@link ArmSplit} (Spark's Kryo cannot
 * rebuild records).
 */
public final class Arm implements Serializable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private final String name;
  private final double fraction;

  /** @throws IllegalArgumentException "Cannot define arm ...: reason" */
  public Arm(String name, double fraction) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Cannot define arm '" + name + "': a name is letters, digits, _ . or -");
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("Cannot define arm '" + name + "': fraction " + fraction
          + " is not in (0, 1]");
    }
    this.name = name;
    this.fraction = fraction;
  }

  /** {@code NAME=FRACTION}, e.g. {@code control=0.5}. */
  public static Arm parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("Cannot parse arm '" + spec + "': expected NAME=FRACTION");
    }
    return new Arm(spec.substring(0, eq), fraction(spec.substring(eq + 1), spec));
  }

  /** A fraction as written in {@code spec}, or an error naming the spec. */
  public static double fraction(String text, String spec) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot parse arm '" + spec + "': '" + text + "' is not a fraction");
    }
  }

  public String name() {
    return name;
  }

  public double fraction() {
    return fraction;
  }

  @Override
  public String toString() {
    return name + "=" + fraction;
  }
}
