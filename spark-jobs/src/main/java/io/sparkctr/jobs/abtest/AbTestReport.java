package io.sparkctr.jobs.abtest;

import java.util.List;
import java.util.Map;

/**
 * {@code abtest.json}, the typed readout of an A/B test (written with {@code MetricsJson}: an undefined number is
 * null). Lifts are relative ({@code arm / control − 1}); their intervals are by unit.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param settings what was read and how
 * @param data rows read and skipped, units seen in more than one arm
 * @param arms per arm totals
 * @param comparisons each arm against the control, on CTR and (with a value field) value per impression, over all
 *     days
 * @param sampleRatio the SRM check against the intended split
 * @param days per day: each arm's own counts and the comparisons on the data up to and including that day
 */
public record AbTestReport(int schemaVersion, Settings settings, Data data, List<ArmLine> arms,
                           List<Comparison> comparisons, SampleRatio sampleRatio, List<DayLine> days) {
  public static final int SCHEMA_VERSION = 1;

  /**
   * @param mixingVariance the mSPRT's τ² on the relative lift
   * @param expectedSplitSource where the intended split came from (an option, a file, or "equal (assumed)")
   */
  public record Settings(String logs, String unitField, String armField, String clickField, String valueField,
                         String timeField, String control, double confidence, double mixingVariance,
                         Map<String, Double> expectedSplit, String expectedSplitSource) {}

  public record Data(long rowsRead, long rowsSkipped, long unitsInSeveralArms, String firstDay, String lastDay) {}

  /** valuePerImpression null without a value field. */
  public record ArmLine(String arm, long units, double impressions, double clicks, double ctr, Double value,
                        Double valuePerImpression) {}

  /**
   * One arm against the control on one metric.
   *
   * @param metric {@code ctr} or {@code valuePerImpression}
   * @param lift relative lift; {@code lower}/{@code upper} its fixed-horizon interval by unit (delta method)
   * @param pValue fixed-horizon two-sided p-value: valid only if read once, at the planned end
   * @param alwaysValidP the mSPRT's p-value after daily looks: valid whenever read
   * @param sequenceLower the confidence sequence after daily looks (intersected): valid whenever read
   */
  public record Comparison(String arm, String control, String metric, double controlMean, double armMean, double lift,
                           double standardError, double lower, double upper, double pValue, double alwaysValidP,
                           double sequenceLower, double sequenceUpper) {}

  public record ArmDay(String arm, long unitsSoFar, double impressions, double clicks, double ctr,
                       Double valuePerImpression) {}

  /** {@code day} is the UTC date; {@code cumulative} the comparisons on all days up to this one. */
  public record DayLine(String day, List<ArmDay> arms, List<Comparison> cumulative) {}
}
