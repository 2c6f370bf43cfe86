package io.sparkctr.models.bundle;

import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.train.Predictions;
import java.util.List;

/**
 * Scores feature rows with a bundle's model: click probabilities recalibrated for the negative
 * downsampling recorded in the bundle's manifest.
 */
public final class BundleScorer {
  private final ModelBundle bundle;

  public BundleScorer(ModelBundle bundle) {
    this.bundle = bundle;
  }

  public double[] score(List<FeatureRow> rows) {
    double[] p = Predictions.predict(bundle.model(), rows, bundle.spec().fields(), bundle.spec().denseFeatures());
    double rate = bundle.spec().recalibrationFactor(bundle.manifest().downsampling().negativeRate());
    for (int i = 0; i < p.length; i++) {
      p[i] = CtrMetrics.recalibrate(p[i], rate);
    }
    return p;
  }
}
