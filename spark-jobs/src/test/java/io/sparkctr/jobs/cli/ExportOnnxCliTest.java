package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkctr export --format onnx [--quantize int8]} on the committed format-2 bundle (a trained DeepFM):
 * the directory holds the model with its metadata, the manifest and the golden vectors.
 */
class ExportOnnxCliTest {
  static final String FIXTURE = "../dl4j-models/src/test/resources/fixtures/bundle-format2";

  @Test
  void exportsAnInt8OnnxModelWithItsManifestAndGoldenVectors(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("onnx");
    CliTest.Run r = CliTest.run("export", "--model", FIXTURE, "--output", out.toString(), "--format", "onnx",
        "--quantize", "int8");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("manifest.json")) && Files.isRegularFile(out.resolve("golden.json")));
    Onnx.ModelProto m;
    try (InputStream in = Files.newInputStream(out.resolve("model.onnx"))) {
      m = Onnx.ModelProto.parseFrom(in);
    }
    Map<String, String> meta = m.getMetadataPropsList().stream()
        .collect(Collectors.toMap(Onnx.StringStringEntryProto::getKey, Onnx.StringStringEntryProto::getValue));
    assertEquals("int8", meta.get("quantization"));
    assertEquals("17", meta.get("opset"));
    assertEquals("deepfm", meta.get("model_type"));
    assertEquals(17, m.getOpsetImport(0).getVersion());
    assertTrue(m.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals("emb_q")
        && t.getDataType() == Onnx.TensorProto.DataType.UINT8_VALUE), "the embedding table is uint8");
    r = CliTest.run("export", "--model", FIXTURE, "--output", out.toString(), "--format", "onnx");
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), "an existing output without --overwrite");
  }
}
