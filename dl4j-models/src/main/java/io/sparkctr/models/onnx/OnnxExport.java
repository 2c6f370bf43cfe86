package io.sparkctr.models.onnx;

import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.graph.TableGroup;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.Quantization;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;

/**
 * Writes a bundle as an ONNX model any inference engine runs (ONNX Runtime, Triton, ...), into a directory:
 * <pre>
 *   model.onnx       the graph (opset {@value #OPSET}, IR {@value #IR_VERSION}); inputs and output as
 *                    {@link FieldVectors} and {@link CtrOnnxGraph} say; metadata_props below
 *   TABLE*.bin       the tables' data, only when the parameters reach {@link OnnxOptions#externalThreshold()}
 *   manifest.json    the feature transform that computes the inputs from raw values (docs/serving.md)
 *   golden.json      raw records → inputs → probability ({@link GoldenVectors})
 * </pre>
 * The output is the scorer's recalibrated click probability. {@code metadata_props}: {@code sparkctr_version},
 * {@code manifest_sha256} (of manifest.json's bytes), {@code recalibration_factor}, {@code opset},
 * {@code model_type}, {@code quantization}, {@code external_data}, {@code bag_fields} (the pooled fields'
 * names, in input order).
 */
public final class OnnxExport {
  public static final String MODEL_FILE = "model.onnx";
  public static final int OPSET = 17;
  /** IR version 8: what ONNX 1.12 (opset 17) writes and checks. */
  public static final int IR_VERSION = 8;

  private OnnxExport() {}

  /** Writes {@code b} into {@code dir} with synthetic golden records ({@link GoldenRecords}). */
  public static Map<String, String> write(ModelBundle b, Path dir, OnnxOptions options) {
    return write(b, dir, options, null);
  }

  /**
   * Writes {@code b} into {@code dir} (created; it must not hold a model yet); returns the metadata written.
   *
   * @param golden raw records for the golden vectors (column → value), or null for synthetic ones
   */
  public static Map<String, String> write(ModelBundle b, Path dir, OnnxOptions options,
                                          List<Map<String, String>> golden) {
    try {
      Files.createDirectories(dir);
      if (Files.exists(dir.resolve(MODEL_FILE))) {
        throw new IllegalArgumentException("Cannot export to ONNX: " + dir.resolve(MODEL_FILE) + " already exists");
      }
      String manifest = b.manifest().toJson();
      Files.writeString(dir.resolve(FeatureManifest.FILE_NAME), manifest);
      boolean external = parameterBytes(b, options.quantization()) >= options.externalThreshold();
      GraphProto graph = CtrOnnxGraph.build(b.spec(), b.model(), b.tables(), b.recalibrationFactor(),
          options.quantization(), external ? dir : null);
      Map<String, String> meta = metadata(b, sha256(manifest), options, external);
      ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("sparkctr")
          .setProducerVersion(meta.get("sparkctr_version")).setGraph(graph)
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
      meta.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(MODEL_FILE)), 1 << 20)) {
        m.build().writeTo(out);
      }
      GoldenVectors.write(b, golden, dir);
      return meta;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot export to ONNX in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Bytes of every parameter as stored: the tables (quantized or not) and DL4J's dense parameters as floats. */
  static long parameterBytes(ModelBundle b, Quantization q) {
    ModelTables t = b.tables();
    long bytes = 4 * b.model().numParams();
    for (TableGroup g : b.spec().groups()) {
      var l = t.table(g.linearTable());
      bytes += TableTensors.bytes(l, q.quantizes(l));
      if (b.spec().type().hasEmbeddings()) {
        var e = t.table(g.embeddingTable());
        bytes += TableTensors.bytes(e, q.quantizes(e));
      }
    }
    return bytes;
  }

  private static Map<String, String> metadata(ModelBundle b, String manifestHash, OnnxOptions o, boolean external) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sparkctr_version", BuildInfo.current().version());
    m.put("manifest_sha256", manifestHash);
    m.put("recalibration_factor", Double.toString(b.recalibrationFactor()));
    m.put("opset", Integer.toString(OPSET));
    m.put("model_type", b.spec().type().configName());
    m.put("quantization", b.tables().storedAs(o.quantization()).configName());
    m.put("external_data", Boolean.toString(external));
    m.put("bag_fields", String.join(",", b.manifest().multiValued().stream().map(FeatureManifest.MultiSlot::name)
        .toList()));
    return m;
  }

  static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash the manifest: no SHA-256 in this JVM", e);
    }
  }
}
