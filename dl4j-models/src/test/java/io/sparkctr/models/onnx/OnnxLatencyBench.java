package io.sparkctr.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.Quantization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
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

  /**
   * A model of the realistic shape (26 categorical fields over 2^20 rows, k = 16, 13 dense values, MLP 400-400),
   * float and int8 ({@code --quantize int8}) through ONNX Runtime with 1 thread, next to the in-JVM scorer; rows
   * drawn over the first 2^16 rows of the table (randomized; the rest are the initial values).
   */
  @Test
  void realisticShape(@TempDir Path dir) throws Exception {
    int fields = 26;
    int dense = 13;
    List<FeatureManifest.Slot> slots = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    for (int f = 1; f <= fields; f++) {
      slots.add(new FeatureManifest.Slot("c" + f, FeatureManifest.Slot.CATEGORICAL, List.of("c" + f), null, null, 0, null));
      names.add("c" + f);
    }
    List<FeatureManifest.DenseField> denseFields = new java.util.ArrayList<>();
    List<String> numeric = new java.util.ArrayList<>();
    for (int d = 1; d <= dense; d++) {
      denseFields.add(new FeatureManifest.DenseField("n" + d, 1, 2));
      numeric.add("n" + d);
    }
    FeatureManifest m = new FeatureManifest(1, new FeatureManifest.RawInput("csv", true, ",", List.of(), List.of()),
        new FeatureManifest.Fields("label", null, null, names, numeric, "ts", "epoch-seconds", "UTC", null),
        new FeatureManifest.Hashing(20, 42, 2 * fields), slots, denseFields, new FeatureManifest.Downsampling(1, 7),
        null, null, List.of());
    ModelSpec spec = ModelSpec.builder(ModelType.DEEPFM, fields, 1 << 20).denseFeatures(dense).embeddingDim(16)
        .hidden(400, 400).learningRate(0.001).seed(3).build();
    ModelBundle b = OnnxFixtures.bundle(spec, m, 1 << 16);
    BundleScorer scorer = new BundleScorer(b);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (Quantization q : Quantization.values()) {
      Path out = dir.resolve(q.name());
      OnnxExport.write(b, out, OnnxOptions.DEFAULT.withQuantization(q));
      try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        try (OrtSession s = env.createSession(out.resolve(OnnxExport.MODEL_FILE).toString(), o)) {
          for (int batch : new int[] {1, 256}) {
            java.util.Random rnd = new java.util.Random(batch);
            List<FeatureRow> rows = OnnxFixtures.rows(spec, batch, 9, 1 << 16).stream()
                .map(r -> new FeatureRow(r.label, r.timestamp, r.indices, rnd.doubles(dense).toArray(), null))
                .toList();
            Map<String, OnnxTensor> in = OrtScores.inputs(env, rows, spec.layout().bagLengths());
            int reps = batch == 1 ? 5_000 : 300;
            double ort = time(reps, () -> s.run(in).close());
            double jvm = q == Quantization.NONE ? time(reps / 4, () -> scorer.score(rows)) : Double.NaN;
            if (q == Quantization.NONE) { // the scorer's two parts: the input array, DL4J's forward pass
              INDArray x = Batches.of(rows, null, 0, rows.size(), spec.layout()).getFeatures();
              double build = time(reps / 4, () -> Batches.of(rows, null, 0, rows.size(), spec.layout()));
              double forward = time(reps / 4, () -> b.model().outputSingle(false, x));
              System.out.printf("realistic, in-JVM scorer's parts, batch %d: input %.1f us, forward %.1f us%n", batch,
                  build, forward);
            }
            System.out.printf("realistic, tables %s, batch %d: ONNX Runtime %.1f us/batch (%.0f rows/s), in-JVM "
                + "scorer %.1f us/batch (%.0f rows/s)%n", q, batch, ort, batch * 1e6 / ort, jvm, batch * 1e6 / jvm);
          }
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
