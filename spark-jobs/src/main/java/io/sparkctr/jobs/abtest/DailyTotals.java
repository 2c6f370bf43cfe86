package io.sparkctr.jobs.abtest;

import java.io.Serializable;

/**
 * What an A/B readout needs, per arm and day: the {@link UnitMoments} of each unit's totals from the first day
 * through that day (cumulative, for the intervals and the daily looks of the mSPRT) and the day's own impressions,
 * clicks and value. Built from one unit at a time ({@link #addUnit}), merged across partitions; its size is
 * arms × days, whatever the number of units. A plain final class: it crosses executors.
 */
public final class DailyTotals implements Serializable {
  private final int days;
  private final UnitMoments[][] cumulative;
  private final double[][][] day;

  public DailyTotals(int arms, int days) {
    if (arms < 1 || days < 1) {
      throw new IllegalArgumentException("Cannot total an A/B test: " + arms + " arms and " + days + " days");
    }
    this.days = days;
    cumulative = new UnitMoments[arms][days];
    day = new double[arms][days][3];
    for (UnitMoments[] row : cumulative) {
      for (int t = 0; t < days; t++) {
        row[t] = new UnitMoments();
      }
    }
  }

  /**
   * Adds one unit of arm {@code arm}: its impressions, clicks and value on each day (index = day). From its first
   * day with an impression on, the unit counts in every later day's cumulative moments.
   */
  public void addUnit(int arm, double[] impressions, double[] clicks, double[] value) {
    double n = 0;
    double c = 0;
    double v = 0;
    for (int t = 0; t < days; t++) {
      n += impressions[t];
      c += clicks[t];
      v += value[t];
      day[arm][t][0] += impressions[t];
      day[arm][t][1] += clicks[t];
      day[arm][t][2] += value[t];
      if (n > 0) {
        cumulative[arm][t].add(n, c, v);
      }
    }
  }

  /** Adds {@code o} (same arms and days) into this; returns this. */
  public DailyTotals merge(DailyTotals o) {
    for (int a = 0; a < cumulative.length; a++) {
      for (int t = 0; t < days; t++) {
        cumulative[a][t].merge(o.cumulative[a][t]);
        for (int k = 0; k < 3; k++) {
          day[a][t][k] += o.day[a][t][k];
        }
      }
    }
    return this;
  }

  public int arms() {
    return cumulative.length;
  }

  public int days() {
    return days;
  }

  /** The moments of arm {@code arm}'s units over days 0 .. {@code t}. */
  public UnitMoments through(int arm, int t) {
    return cumulative[arm][t];
  }

  /** The moments over all days. */
  public UnitMoments total(int arm) {
    return cumulative[arm][days - 1];
  }

  /** Day {@code t}'s own {impressions, clicks, value} in arm {@code arm}. */
  public double[] onDay(int arm, int t) {
    return day[arm][t].clone();
  }
}
