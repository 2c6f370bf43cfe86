package io.sparkctr.models.bundle;

import java.util.List;
import java.util.Map;

/**
 * Where a bundle came from, written beside it as {@code lineage.json}: enough to tell which code,
 * config and data made a model, and to rebuild it. Bundles written before lineage existed have none
 * ({@link ModelBundle#lineage()} is null) and still load.
 *
 * @param sparkctrVersion the sparkctr version that trained it
 * @param gitCommit the commit it was built from, or {@code unknown}
 * @param createdAt when the bundle was made, ISO-8601 UTC
 * @param sparkVersion the Spark the training ran on
 * @param dl4jVersion the DL4J/ND4J version
 * @param javaVersion the driver's Java version
 * @param command what made it, e.g. {@code train} or {@code export}
 * @param configSource the config file, then any {@code --set key=value} overrides, as given
 * @param config the effective {@code sparkctr} config (defaults, file and overrides merged)
 * @param inputs what it was trained on: each input's path, role and row count
 * @param parent the bundle it was derived from ({@code export}), or the warm-start model, else null
 */
public record BundleLineage(String sparkctrVersion, String gitCommit, String createdAt, String sparkVersion,
                            String dl4jVersion, String javaVersion, String command, List<String> configSource,
                            Map<String, Object> config, List<Input> inputs, String parent) {
  public BundleLineage {
    configSource = configSource == null ? List.of() : List.copyOf(configSource);
    config = config == null ? Map.of() : Map.copyOf(config);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  /**
   * One input of the training run.
   *
   * @param role e.g. {@code features}, {@code train}, {@code validation}, {@code raw-logs}
   * @param path where it was read
   * @param rows rows read from it (-1 when not counted)
   */
  public record Input(String role, String path, long rows) {}

  /** The same lineage for a bundle derived from this one by {@code command} at {@code createdAt}. */
  public BundleLineage derived(String command, String createdAt, String parent) {
    return new BundleLineage(sparkctrVersion, gitCommit, createdAt, sparkVersion, dl4jVersion, javaVersion, command,
        configSource, config, inputs, parent);
  }
}
