package io.sparkctr.training;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import java.util.Locale;

/**
 * Refuses, before training, features a click model cannot learn from or be judged on: a training
 * or validation split without both clicks and non-clicks (all-zero labels, or nothing but clicks)
 * gives no gradient toward one class and an undefined validation AUC, so the "best" epoch would be
 * an untrained model. Uses the manifest's counts; features written before the counts had positives
 * are not checked here (the trainer still refuses to publish when every validation AUC is undefined).
 */
final class TrainableData {
  private TrainableData() {}

  /** @throws IllegalArgumentException naming the split and its counts */
  static void require(FeatureManifest m, String features) {
    for (Split s : new Split[] {Split.TRAIN, Split.VALIDATION}) {
      Long rows = m.counts().written().get(s.dirName());
      Long clicks = m.counts().positives().get(s.dirName());
      if (rows == null || clicks == null) {
        continue;
      }
      if (clicks == 0 || clicks.equals(rows)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "Cannot train on %s: its %s split has %,d rows "
            + "and %,d clicks; training and validation each need both clicks and non-clicks (check the label field "
            + "'%s' and the split)", features, s.dirName(), rows, clicks, m.fields().label()));
      }
    }
  }
}
