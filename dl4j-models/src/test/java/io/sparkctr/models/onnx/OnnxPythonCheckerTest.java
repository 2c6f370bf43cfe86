package io.sparkctr.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.Quantization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ONNX project's own checker (Python's {@code onnx.checker.check_model} with {@code full_check}, which also
 * infers every shape) accepts the exported file of every model type, float and int8. It runs where Python's
 * {@code onnx} package is installed (Debian: {@code apt install python3-onnx}) and is skipped elsewhere.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class OnnxPythonCheckerTest {
  static final String CHECK = "import sys, onnx; onnx.checker.check_model(sys.argv[1], full_check=True); print('ok')";
  /** The Python on PATH, then Debian's (python3-onnx installs there, beside a pyenv or venv on PATH). */
  static final String[] PYTHONS = {"python3", "/usr/bin/python3"};
  static String python;

  @BeforeAll
  static void pythonOnnxInstalled() throws Exception {
    for (String p : PYTHONS) {
      if (python == null && run(p, "import onnx; print('ok')", null).equals("ok")) {
        python = p;
      }
    }
    Assumptions.assumeTrue(python != null, "Python's onnx package is not installed (apt install python3-onnx)");
  }

  @ParameterizedTest
  @CsvSource({"LR, NONE", "FM, NONE", "WIDE_DEEP, NONE", "DEEPFM, NONE", "DCN_V2, NONE", "DEEPFM, INT8",
      "DCN_V2, INT8"})
  void theOnnxCheckerAcceptsTheExport(ModelType type, Quantization q, @TempDir Path dir) throws Exception {
    FeatureManifest m = OnnxFixtures.manifest(true, 0.25);
    ModelSpec spec = OnnxFixtures.spec(type, m, CrossNetwork.DEFAULT);
    OnnxExport.write(OnnxFixtures.bundle(spec, m), dir, OnnxOptions.DEFAULT.withQuantization(q));
    assertEquals("ok", run(python, CHECK, dir.resolve(OnnxExport.MODEL_FILE)));
  }

  /** What {@code python -c script [file]} prints (stdout and stderr), trimmed; "" when it cannot start. */
  static String run(String python, String script, Path file) throws IOException, InterruptedException {
    ProcessBuilder pb = file == null ? new ProcessBuilder(python, "-c", script)
        : new ProcessBuilder(python, "-c", script, file.toString());
    Process p;
    try {
      p = pb.redirectErrorStream(true).start();
    } catch (IOException e) {
      return "";
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) { // the output is a line or a short traceback: the pipe never fills
      p.destroyForcibly();
      return "timed out after 120 s";
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }
}
