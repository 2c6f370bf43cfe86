package io.sparkctr.jobs.abtest;

import java.io.Serializable;

/**
 * Sums over the units of one arm of their per-unit totals (impressions n, clicks c, value v), their squares and
 * cross products: all the delta method needs for a ratio metric such as CTR = Σc / Σn with units, not impressions,
 * as the independent draws. Mergeable, so per-unit totals are folded on the executors and only these nine numbers
 * per arm and day reach the driver. A plain final class: it crosses executors (Spark's Kryo cannot rebuild records).
 */
public final class UnitMoments implements Serializable {
  long units;
  double n;
  double c;
  double v;
  double nn;
  double cc;
  double vv;
  double nc;
  double nv;

  /** Adds one unit's totals. */
  public void add(double impressions, double clicks, double value) {
    units++;
    n += impressions;
    c += clicks;
    v += value;
    nn += impressions * impressions;
    cc += clicks * clicks;
    vv += value * value;
    nc += impressions * clicks;
    nv += impressions * value;
  }

  /** Adds {@code o} into this; returns this. */
  public UnitMoments merge(UnitMoments o) {
    units += o.units;
    n += o.n;
    c += o.c;
    v += o.v;
    nn += o.nn;
    cc += o.cc;
    vv += o.vv;
    nc += o.nc;
    nv += o.nv;
    return this;
  }

  public long units() {
    return units;
  }

  public double impressions() {
    return n;
  }

  public double clicks() {
    return c;
  }

  public double value() {
    return v;
  }

  /** Clicks per impression and its delta-method variance by unit. */
  public RatioEstimate ctr() {
    return RatioEstimate.of(units, n, c, nn, cc, nc);
  }

  /** Value per impression and its delta-method variance by unit. */
  public RatioEstimate valuePerImpression() {
    return RatioEstimate.of(units, n, v, nn, vv, nv);
  }
}
