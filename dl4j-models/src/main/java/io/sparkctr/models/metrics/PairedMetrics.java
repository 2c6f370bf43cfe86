package io.sparkctr.models.metrics;

import java.io.Serializable;

/**
 * Two models' {@link CtrMetrics} on the same rows plus the {@link PairedBootstrap} of their
 * difference: one mergeable accumulator, filled with both predictions of each row in one pass.
 */
public final class PairedMetrics implements Serializable {
  private final double factorA;
  private final double factorB;
  private final CtrMetrics a;
  private final CtrMetrics b;
  private final PairedBootstrap bootstrap;

  /**
   * @param factorA model A's recalibration factor ({@code ModelSpec#recalibrationFactor})
   * @param factorB model B's
   * @param stream seed of this partition's bootstrap weights
   */
  public PairedMetrics(double factorA, double factorB, MetricsOptions options, long stream) {
    this.factorA = factorA;
    this.factorB = factorB;
    this.a = new CtrMetrics(factorA, options);
    this.b = new CtrMetrics(factorB, options);
    this.bootstrap = new PairedBootstrap(options.bootstrapReplicates(), options.bootstrapBins(), stream);
  }

  /** Adds a row with both models' raw predictions (each is recalibrated with its own factor). */
  public PairedMetrics add(int label, double pa, double pb, String group, long timestamp, String[] sliceValues) {
    a.add(label, pa, group, timestamp, sliceValues);
    b.add(label, pb, group, timestamp, sliceValues);
    bootstrap.add(label, CtrMetrics.recalibrate(pa, factorA), CtrMetrics.recalibrate(pb, factorB));
    return this;
  }

  public PairedMetrics merge(PairedMetrics o) {
    a.merge(o.a);
    b.merge(o.b);
    bootstrap.merge(o.bootstrap);
    return this;
  }

  public CtrMetrics a() {
    return a;
  }

  public CtrMetrics b() {
    return b;
  }

  /** A minus B with intervals at the options' confidence level. */
  public ModelComparison comparison() {
    return ModelComparison.of(a, b, bootstrap, a.options().confidence());
  }
}
