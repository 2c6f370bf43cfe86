package io.sparkctr.jobs.cli.commands;

import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.models.bundle.BundleLineage;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.onnx.OnnxOptions;
import io.sparkctr.models.tables.Quantization;
import io.sparkctr.training.BundleStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code sparkctr export}: a serving copy of a bundle, or the model as ONNX. */
@Command(name = "export", sortOptions = false,
    description = {"Write a serving copy of a model bundle: the graph, tables, manifest and lineage without "
        + "optimizer state (DL4J updater state, the tables' optimizer state). The train job already publishes "
        + "serving bundles; use this for a bundle written with its state (ModelBundle.write(dir, true)). ",
        "Its lineage names the source bundle as parent. Needs no Spark session.",
        "With --quantize int8: a serving bundle whose k-dim tables are row-wise int8 (serving only). ",
        "With --format onnx: a directory with model.onnx (opset 17; the recalibrated click probability of the "
        + "feature job's index, bag and dense arrays), the tables beside it as external data when they pass "
        + "protobuf's 2 GiB, manifest.json and golden.json (raw records -> inputs -> probability); see "
        + "docs/serving.md."})
public final class ExportCommand extends JobCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "The bundle to export.")
  String model;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where to publish the copy.")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output (atomically).")
  boolean overwrite;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "bundle", converter = FormatReader.class,
      description = "bundle (default): a serving bundle; onnx: an ONNX model for any inference engine.")
  ExportFormat format;

  @Option(names = "--quantize", paramLabel = "MODE", defaultValue = "none", converter = QuantizationReader.class,
      description = "none (default: float tables) or int8: the k-dim embedding tables row-wise uint8 with a "
          + "binary16 scale and bias per row, (k + 4) / 4k of the float bytes; first-order tables stay float. "
          + "An int8 bundle scores (score, evaluate, Spark ML) but cannot be trained or resumed from; exported "
          + "again, its tables stay int8.")
  Quantization quantize;

  @Override
  public Integer call() {
    var conf = HadoopConf.create();
    ModelBundle b = BundleStore.read(model, conf);
    if (format == ExportFormat.ONNX) {
      Map<String, String> meta = BundleStore.publishOnnx(b, OnnxOptions.DEFAULT.withQuantization(quantize), output,
          overwrite, conf, OutputGuard.Read.model(model));
      out().printf("sparkctr export: ONNX model %s (from %s; %s)%n", output, model, meta);
      return ExitCodes.OK;
    }
    String now = Instant.now().toString();
    BuildInfo info = BuildInfo.current();
    BundleLineage lineage = b.lineage() != null ? b.lineage().derived("export", now, model)
        : new BundleLineage(info.version(), info.gitCommit(), now, BuildInfo.UNKNOWN, info.dl4jVersion(),
            System.getProperty("java.version"), "export", List.of(), Map.of(), List.of(), model);
    BundleStore.publish(b.withLineage(lineage), Map.of(), quantize, output, overwrite, conf,
        OutputGuard.Read.model(model));
    out().printf("sparkctr export: serving bundle %s (from %s; tables %s)%n", output, model,
        b.tables().storedAs(quantize).configName());
    return ExitCodes.OK;
  }

  static final class FormatReader implements ITypeConverter<ExportFormat> {
    @Override
    public ExportFormat convert(String s) {
      return ExportFormat.parse(s);
    }
  }

  static final class QuantizationReader implements ITypeConverter<Quantization> {
    @Override
    public Quantization convert(String s) {
      return Quantization.parse(s);
    }
  }
}
