package io.sparkctr.jobs.cli.commands;

import io.sparkctr.common.json.Json;
import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.models.bundle.ModelBundle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sparkctr registry show}: one version's decision, lineage and history, as JSON. */
@Command(name = "show", description = "Print one version (default: CURRENT) as JSON: the nightly decision "
    + "(result.json), the bundle's lineage (lineage.json) and every switch of CURRENT to or from it.")
final class RegistryShowCommand implements Callable<Integer> {
  @Mixin
  RegistryCommand.RegistryOption registry;

  @Parameters(arity = "0..1", paramLabel = "VERSION", description = "The version (default: the one CURRENT names).")
  String version;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelRegistry r = registry.open();
    String v = version != null ? version : r.current().orElseThrow(() -> new IllegalArgumentException(
        "Cannot show " + r.root() + ": nothing is published; name a version"));
    if (!r.complete(v)) {
      throw new IllegalArgumentException("Cannot show " + v + ": no such version in " + r.root() + "; versions: "
          + r.versions());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", v);
    out.put("path", r.version(v).toString());
    out.put("current", r.current().filter(v::equals).isPresent());
    out.put("demoted", r.demoted(v));
    out.put("result", r.result(v).orElse(null));
    out.put("lineage", r.readText(v, ModelBundle.LINEAGE).map(RegistryShowCommand::tree).orElse(null));
    out.put("history", r.history().stream().filter(e -> e.concerns(v)).toList());
    spec.commandLine().getOut().println(Json.PRETTY.writeValueAsString(out));
    return ExitCodes.OK;
  }

  private static Object tree(String json) {
    try {
      return Json.PRETTY.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot read " + ModelBundle.LINEAGE + ": " + e.getMessage(), e);
    }
  }
}
