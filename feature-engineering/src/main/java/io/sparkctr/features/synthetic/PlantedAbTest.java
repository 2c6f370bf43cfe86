package io.sparkctr.features.synthetic;

import io.sparkctr.common.hash.SplitMix64;
import io.sparkctr.features.arms.ArmSplit;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Planted A/B-test logs with a known truth: units (users) split between arms by the {@link ArmSplit} that scoring
 * uses, each with its own click rate p_u ~ Beta(ctr · κ, (1 − ctr) · κ) and activity λ_u = impressions · G / 2,
 * G ~ Gamma(2, 1); on each day a unit has Poisson(λ_u) impressions, each clicked with probability
 * min(1, p_u · (1 + lift of its arm)), a click worth Exponential(mean valuePerClick) (no value when 0). The true
 * relative lift of arm a over the first arm (the control) is (1 + lift_a) / (1 + lift_0) − 1, in CTR and in value
 * per impression alike (clipping at 1 never happens at the planted rates). With {@code srmDrift} d, a fraction d of
 * all units, taken from the last arm, is served and logged as the first arm: a sample-ratio mismatch (a 50/50 plan
 * logged as 51/49 at d = 0.01). Every draw is a pure function of (seed, unit, day), so any partitioning, and the
 * statistics tests that never build a row, see the same data.
 */
public final class PlantedAbTest implements Serializable {
  /** A unit's impressions on one day: clicked or not, the value of each click, the second of the day. */
  public record Day(boolean[] clicked, double[] value, int[] second) {
    public int impressions() {
      return clicked.length;
    }
  }

  private final ArmSplit split;
  private final double[] lift;
  private final Settings s;

  /**
   * What to plant besides the split and lifts.
   *
   * @param units units (named u0 .. u(units − 1))
   * @param days days from {@link PlantedClickModel#START}
   * @param ctr mean click rate of the units; κ {@code concentration} sets how much they differ
   * @param impressions mean impressions per unit and day
   * @param valuePerClick mean value of a click (0: no value)
   * @param srmDrift fraction of all units moved from the last arm to the first
   */
  public record Settings(long units, int days, long seed, double ctr, double concentration, double impressions,
                         double valuePerClick, double srmDrift) implements Serializable {
    public Settings {
      if (units <= 0 || days <= 0) {
        throw new IllegalArgumentException("Cannot plant an A/B test: units " + units + " and days " + days
            + " must be > 0");
      }
      if (!(ctr > 0 && ctr < 1) || !(concentration > 0) || !(impressions > 0 && impressions <= 100)
          || !(valuePerClick >= 0) || !(srmDrift >= 0 && srmDrift < 1)) {
        throw new IllegalArgumentException("Cannot plant an A/B test: need 0 < ctr < 1 (" + ctr + "), concentration > 0 ("
            + concentration + "), 0 < impressions <= 100 (" + impressions + "), valuePerClick >= 0 (" + valuePerClick
            + "), 0 <= srmDrift < 1 (" + srmDrift + ")");
      }
    }

    /** 5% mean CTR, κ = 20 (Beta(1, 19)), 2 impressions a day, no value, no drift. */
    public static Settings of(long units, int days, long seed) {
      return new Settings(units, days, seed, 0.05, 20, 2, 0, 0);
    }
  }

  /** @param lift the planted relative lift in click probability of each arm, in the split's order */
  public PlantedAbTest(ArmSplit split, double[] lift, Settings settings) {
    if (lift.length != split.arms().size()) {
      throw new IllegalArgumentException("Cannot plant an A/B test: " + lift.length + " lifts for arms "
          + split.names());
    }
    for (double l : lift) {
      if (!(l > -1 && l < 10)) {
        throw new IllegalArgumentException("Cannot plant an A/B test: lift " + l + " is not in (-1, 10)");
      }
    }
    double moved = settings.srmDrift();
    if (moved > split.arms().get(split.arms().size() - 1).fraction()) {
      throw new IllegalArgumentException("Cannot plant an A/B test: srmDrift " + moved
          + " exceeds the last arm's fraction");
    }
    this.split = split;
    this.lift = lift.clone();
    this.s = settings;
  }

  public ArmSplit split() {
    return split;
  }

  public Settings settings() {
    return s;
  }

  /** The planted lift of each arm (the first arm's is the control's, usually 0). */
  public double[] lifts() {
    return lift.clone();
  }

  /** The true relative lift of arm {@code a} over the first arm. */
  public double trueLift(int a) {
    return (1 + lift[a]) / (1 + lift[0]) - 1;
  }

  public static String unitName(long unit) {
    return "u" + unit;
  }

  /** The arm a unit is served and logged under: its split's arm, unless the drift moved it to the first. */
  public int arm(long unit) {
    int a = split.index(unitName(unit));
    int last = split.arms().size() - 1;
    if (a == last && s.srmDrift() > 0) {
      double u = new SplittableRandom(SplitMix64.mix(s.seed() * 0x2545F4914F6CDD1DL + unit) ^ 0xD81FL).nextDouble();
      return u < s.srmDrift() / split.arms().get(last).fraction() ? 0 : a;
    }
    return a;
  }

  /** The unit's click rate and daily activity, {p_u, λ_u}. */
  public double[] unitRates(long unit) {
    SplittableRandom rnd = new SplittableRandom(SplitMix64.mix(s.seed() * 0x9E3779B97F4A7C15L + unit));
    double k = s.concentration();
    double p = PlantedDraws.beta(rnd, s.ctr() * k, (1 - s.ctr()) * k);
    double activity = Math.min(200, s.impressions() * PlantedDraws.gamma(rnd, 2) / 2);
    return new double[] {p, activity};
  }

  /** The unit's impressions on {@code day} (0-based); {@code rates} from {@link #unitRates}. */
  public Day day(long unit, int day, double[] rates) {
    SplittableRandom rnd = new SplittableRandom(SplitMix64.mix((s.seed() * 31 + day) * 0x632BE59BD9B4E019L + unit));
    int n = PlantedDraws.poisson(rnd, rates[1]);
    double p = Math.min(1, rates[0] * (1 + lift[arm(unit)]));
    boolean[] clicked = new boolean[n];
    double[] value = new double[n];
    int[] second = new int[n];
    for (int i = 0; i < n; i++) {
      clicked[i] = rnd.nextDouble() < p;
      value[i] = clicked[i] && s.valuePerClick() > 0 ? -s.valuePerClick() * Math.log(1 - rnd.nextDouble()) : 0;
      second[i] = rnd.nextInt(86_400);
    }
    Arrays.sort(second);
    return new Day(clicked, value, second);
  }
}
