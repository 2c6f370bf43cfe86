package io.sparkctr.jobs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.sparkctr.common.config.ConfigLoader;
import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of every command that reads a config file: the file, {@code --set key=value}
 * overrides (checked like the file: {@link io.sparkctr.common.config.ConfigOverrides}) and
 * {@code --print-config}, which prints the effective config (defaults, then the file, then the
 * overrides) once it has been validated, and exits without running the job.
 */
public final class ConfigOptions {
  @Option(names = "--conf", paramLabel = "FILE", required = true,
      description = "HOCON config file, merged over the packaged defaults (conf/defaults.conf lists every key).")
  File conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = {"Override one config key (repeatable; the last wins), e.g. --set sparkctr.training.epochs=3 "
          + "or --set training.epochs=3 (the sparkctr. prefix is optional). Checked like the file: unknown keys, "
          + "types and ranges are errors naming the --set."})
  List<String> set = new ArrayList<>();

  @Option(names = "--print-config",
      description = "Print the effective config (defaults < file < --set) as HOCON after validating every section "
          + "the command reads, and exit without running; the command's other required options are not needed.")
  boolean printConfig;

  /** The config file with the overrides over it, over the defaults. */
  public Config load() {
    return ConfigLoader.load(conf, set);
  }

  /** The config's source for messages: the file name. */
  public String source() {
    return conf.toString();
  }

  public File file() {
    return conf;
  }

  public List<String> overrides() {
    return List.copyOf(set);
  }

  /** Whether {@code --print-config} was given: the command checks the config and prints it, and needs nothing else. */
  public boolean printing() {
    return printConfig;
  }

  /** Prints {@code config}'s {@code sparkctr} section when asked; returns whether it did (then the command stops). */
  public boolean printed(Config config, PrintWriter out) {
    if (!printConfig) {
      return false;
    }
    out.println(render(config));
    out.flush();
    return true;
  }

  /** The {@code sparkctr} section as HOCON, keys sorted. */
  public static String render(Config config) {
    return config.getConfig("sparkctr").atKey("sparkctr").root()
        .render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(false));
  }
}
