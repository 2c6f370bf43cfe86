package io.sparkctr.models.bundle;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.transform.RecordTransformer;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.train.Predictions;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The one scoring path: parsed record → the bundle's feature transform (its manifest, exactly the
 * training transform) → the model → the probability recalibrated for the training data's negative
 * downsampling and positive weight. {@link RecordScorer} (raw records in a JVM) and the batch
 * {@code score} job, the nightly gate and evaluation (on the executors) all score through it.
 */
public final class BundleScorer {
  private final ComputationGraph net;
  private final ModelSpec spec;
  private final RecordTransformer transformer;
  private final double factor;

  public BundleScorer(ModelBundle bundle) {
    this(bundle.model(), bundle.manifest(), bundle.spec());
  }

  /** @param net a graph bound to its tables (e.g. restored on an executor) */
  public BundleScorer(ComputationGraph net, FeatureManifest manifest, ModelSpec spec) {
    this.net = net;
    this.spec = spec;
    this.transformer = new RecordTransformer(manifest);
    this.factor = spec.recalibrationFactor(manifest.downsampling().negativeRate());
  }

  /** Recalibrated probabilities of feature rows (the feature job's output), in order. */
  public double[] score(List<FeatureRow> rows) {
    double[] p = Predictions.predict(net, rows, spec.layout());
    for (int i = 0; i < p.length; i++) {
      p[i] = CtrMetrics.recalibrate(p[i], factor);
    }
    return p;
  }

  /** Recalibrated probabilities of parsed raw records, transformed as in training, in order. */
  public double[] scoreRecords(List<ParsedRecord> records) {
    List<FeatureRow> rows = new ArrayList<>(records.size());
    for (ParsedRecord r : records) {
      rows.add(new FeatureRow(0, r.timestamp, transformer.indices(r), transformer.dense(r), r.group,
          transformer.bags(r), transformer.bagWeights(r)));
    }
    return score(rows);
  }
}
