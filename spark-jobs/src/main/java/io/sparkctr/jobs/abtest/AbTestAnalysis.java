package io.sparkctr.jobs.abtest;

import io.sparkctr.jobs.abtest.AbTestReport.ArmDay;
import io.sparkctr.jobs.abtest.AbTestReport.ArmLine;
import io.sparkctr.jobs.abtest.AbTestReport.Comparison;
import io.sparkctr.jobs.abtest.AbTestReport.DayLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The statistics of an A/B readout from its {@link DailyTotals}, in plain JVM code (no Spark): per arm totals, each
 * arm's relative lift over the control with a fixed-horizon interval by unit ({@link RatioEstimate}), the mSPRT
 * looked at once a day ({@link Msprt}), the sample-ratio check ({@link SampleRatio}) and the per-day lines.
 */
public final class AbTestAnalysis {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  /** The metrics compared: always CTR; value per impression when the logs have a value field. */
  public enum Metric {
    CTR("ctr"), VALUE_PER_IMPRESSION("valuePerImpression");

    private final String jsonName;

    Metric(String jsonName) {
      this.jsonName = jsonName;
    }

    public String jsonName() {
      return jsonName;
    }

    RatioEstimate of(UnitMoments m) {
      return this == CTR ? m.ctr() : m.valuePerImpression();
    }
  }

  /** The readout's parts; settings and data facts are the caller's. */
  public record Result(List<ArmLine> arms, List<Comparison> comparisons, SampleRatio sampleRatio,
                       List<DayLine> days) {}

  private AbTestAnalysis() {}

  /**
   * @param arms the arm names, index = the arm index of {@code totals}
   * @param dayNames the name of each day index
   * @param expected intended fraction per arm
   * @param withValue whether to compare value per impression too
   * @throws IllegalArgumentException when the control is not one of the arms
   */
  public static Result analyse(DailyTotals totals, List<String> arms, List<String> dayNames,
                               Map<String, Double> expected, AbTestOptions o, boolean withValue) {
    int control = arms.indexOf(o.control());
    if (control < 0) {
      throw new IllegalArgumentException("Cannot read the A/B test: control arm '" + o.control()
          + "' is not among the arms of the logs " + arms);
    }
    List<Metric> metrics = withValue ? List.of(Metric.values()) : List.of(Metric.CTR);
    Map<String, Msprt> sequences = new LinkedHashMap<>();
    List<DayLine> days = new ArrayList<>();
    List<Comparison> last = List.of();
    for (int t = 0; t < totals.days(); t++) {
      List<Comparison> cmp = new ArrayList<>();
      for (int a = 0; a < arms.size(); a++) {
        for (Metric m : metrics) {
          if (a != control) {
            Msprt s = sequences.computeIfAbsent(arms.get(a) + "/" + m, k -> new Msprt(o.mixingVariance(), o.alpha()));
            cmp.add(compare(totals, arms, a, control, m, t, s, o));
          }
        }
      }
      days.add(new DayLine(dayNames.get(t), armDays(totals, arms, t, withValue), cmp));
      last = cmp;
    }
    Map<String, Long> units = new LinkedHashMap<>();
    for (int a = 0; a < arms.size(); a++) {
      units.put(arms.get(a), totals.total(a).units());
    }
    SampleRatio srm = SampleRatio.test(units, expected, o.srmThreshold());
    return new Result(armLines(totals, arms, withValue), last, srm, days);
  }

  /** Arm {@code a} against the control on {@code m}, over days 0 .. t, after this day's look of {@code s}. */
  static Comparison compare(DailyTotals totals, List<String> arms, int a, int control, Metric m, int t, Msprt s,
                            AbTestOptions o) {
    RatioEstimate c = m.of(totals.through(control, t));
    RatioEstimate x = m.of(totals.through(a, t));
    RatioEstimate lift = x.liftOver(c);
    double se = Math.sqrt(lift.variance());
    double z = NORMAL.inverseCumulativeProbability(0.5 + o.confidence() / 2);
    double p = 2 * NORMAL.cumulativeProbability(-Math.abs(lift.mean() / se));
    s.look(lift.mean(), lift.variance());
    return new Comparison(arms.get(a), arms.get(control), m.jsonName(), c.mean(), x.mean(), lift.mean(), se,
        lift.mean() - z * se, lift.mean() + z * se, p, s.pValue(), s.lower(), s.upper());
  }

  private static List<ArmLine> armLines(DailyTotals totals, List<String> arms, boolean withValue) {
    List<ArmLine> out = new ArrayList<>();
    for (int a = 0; a < arms.size(); a++) {
      UnitMoments u = totals.total(a);
      out.add(new ArmLine(arms.get(a), u.units(), u.impressions(), u.clicks(), u.clicks() / u.impressions(),
          withValue ? u.value() : null, withValue ? u.value() / u.impressions() : null));
    }
    return out;
  }

  private static List<ArmDay> armDays(DailyTotals totals, List<String> arms, int t, boolean withValue) {
    List<ArmDay> out = new ArrayList<>();
    for (int a = 0; a < arms.size(); a++) {
      double[] d = totals.onDay(a, t);
      out.add(new ArmDay(arms.get(a), totals.through(a, t).units(), d[0], d[1], d[1] / d[0],
          withValue ? d[2] / d[0] : null));
    }
    return out;
  }
}
