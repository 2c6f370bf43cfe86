package io.sparkctr.training;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.graph.L2Mode;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.training.Checkpoints;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resumed run continues on the features its checkpoints were trained on: the feature manifest
 * recorded beside them must give the same transform ({@link FeatureManifest.Compatibility#SAME_TRANSFORM})
 * as the features given now, or the bundle would ship the new transform with weights trained on
 * the old one. Checkpoints written before the manifest was recorded resume with a warning. And it
 * continues the spec its checkpoints trained, compared as JSON text.
 */
final class ResumeCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ResumeCheck.class);

  private ResumeCheck() {}

  /** @throws IllegalArgumentException naming what of the transform differs */
  static void sameTransform(Checkpoints checkpoints, FeatureManifest now, String features) {
    Optional<String> json = checkpoints.manifestJson();
    if (json.isEmpty()) {
      LOG.warn("Checkpoints under {} do not record the features they were trained on (written before it was "
          + "recorded): resuming on {} without checking that its transform is the same", checkpoints.dir(), features);
      return;
    }
    FeatureManifest then = FeatureManifest.fromJson(json.get(), checkpoints.dir() + "/features-manifest.json");
    if (then.compatibility(now) != FeatureManifest.Compatibility.SAME_TRANSFORM) {
      List<String> diff = then.transformDifferences(now);
      throw new IllegalArgumentException("Cannot resume from " + checkpoints.dir() + " on " + features
          + ": its features have another transform than the checkpoints were trained on (" + String.join("; ",
          diff.subList(0, Math.min(5, diff.size()))) + (diff.size() > 5 ? "; and " + (diff.size() - 5) + " more" : "")
          + "); resume on the same features, or remove the checkpoints under " + checkpoints.dir()
          + " to train afresh");
    }
  }

  /**
   * @param savedJson the spec JSON the checkpoints recorded
   * @param specJson {@code spec}'s JSON, as this run would record it
   * @throws IllegalArgumentException naming both, and the setting to change where the only difference is
   *     {@code l2-mode} (checkpoints of runs with L2 written before it existed trained coupled)
   */
  static void sameSpec(Checkpoints checkpoints, String savedJson, ModelSpec spec, String specJson) {
    if (savedJson.equals(specJson)) {
      return;
    }
    String hint = "";
    if (spec.l2Mode() != L2Mode.COUPLED
        && DistributedTrainer.json(spec.toBuilder().l2Mode(L2Mode.COUPLED).build()).equals(savedJson)) {
      hint = "; they differ in l2-mode only: that run's L2 acted coupled (the mode of runs before l2-mode existed), "
          + "so set sparkctr.model.l2-mode = coupled to resume it";
    }
    throw new IllegalArgumentException("Cannot resume from " + checkpoints.dir() + ": it trained the spec "
        + savedJson + ", the config now gives " + specJson + hint);
  }
}
