package io.sparkctr.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not part of the suite (no *Test name): latency of ONNX Runtime (1 intra-op thread) and of the in-JVM
 * scorer on the fixtures' DeepFM (3 slots, 2 pooled fields, 1 dense, MLP 8-4, k = 4), batch 1 and 256,
 * inputs prepared beforehand for ORT (the scorer's time includes its batching). Run with -Dtest=OnnxLatencyBench.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class OnnxLatencyBench {
  @Test
  void latency(@TempDir Path dir) throws Exception {
    FeatureManifest m = OnnxFixtures.manifest(true, 0.25);
    ModelSpec spec = OnnxFixtures.spec(ModelType.DEEPFM, m, CrossNetwork.DEFAULT);
    ModelBundle b = OnnxFixtures.bundle(spec, m);
    OnnxExport.write(b, dir, OnnxOptions.DEFAULT);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    BundleScorer scorer = new BundleScorer(b);
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      o.setInterOpNumThreads(1);
      try (OrtSession s = env.createSession(dir.resolve(OnnxExport.MODEL_FILE).toString(), o)) {
        for (int batch : new int[] {1, 256}) {
          List<FeatureRow> rows = OnnxFixtures.rows(spec, batch, 9);
          Map<String, OnnxTensor> in = OrtScores.inputs(env, rows, spec.layout().bagLengths());
          int reps = batch == 1 ? 20_000 : 1_000;
          double ort = time(reps, () -> s.run(in).close());
          double jvm = time(reps / 4, () -> scorer.score(rows));
          System.out.printf("batch %d: ONNX Runtime %.1f us/batch (%.0f rows/s), in-JVM scorer %.1f us/batch "
              + "(%.0f rows/s)%n", batch, ort, batch * 1e6 / ort, jvm, batch * 1e6 / jvm);
        }
      }
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  /** Microseconds per call, after as many warm-up calls. */
  private static double time(int reps, Run r) throws Exception {
    for (int i = 0; i < reps; i++) {
      r.run();
    }
    long t = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      r.run();
    }
    return (System.nanoTime() - t) / 1e3 / reps;
  }
}
