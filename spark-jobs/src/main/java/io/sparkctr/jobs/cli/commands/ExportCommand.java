package io.sparkctr.jobs.cli.commands;

import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.models.bundle.BundleLineage;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.training.BundleStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr export}: a serving copy of a bundle. */
@Command(name = "export", sortOptions = false,
    description = {"Write a serving copy of a model bundle: the graph, tables, manifest and lineage without "
        + "optimizer state (DL4J updater state, the tables' optimizer state). The train job already publishes "
        + "serving bundles; use this for a bundle written with its state (ModelBundle.write(dir, true)). ",
        "Its lineage names the source bundle as parent. Needs no Spark session."})
public final class ExportCommand extends JobCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "The bundle to export.")
  String model;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where to publish the copy.")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output (atomically).")
  boolean overwrite;

  @Override
  public Integer call() {
    var conf = HadoopConf.create();
    ModelBundle b = BundleStore.read(model, conf);
    String now = Instant.now().toString();
    BuildInfo info = BuildInfo.current();
    BundleLineage lineage = b.lineage() != null ? b.lineage().derived("export", now, model)
        : new BundleLineage(info.version(), info.gitCommit(), now, BuildInfo.UNKNOWN, info.dl4jVersion(),
            System.getProperty("java.version"), "export", List.of(), Map.of(), List.of(), model);
    BundleStore.publish(b.withLineage(lineage), Map.of(), output, overwrite, conf, OutputGuard.Read.model(model));
    out().printf("sparkctr export: serving bundle %s (from %s)%n", output, model);
    return ExitCodes.OK;
  }
}
