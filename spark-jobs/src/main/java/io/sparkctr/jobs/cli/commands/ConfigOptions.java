package io.sparkctr.jobs.cli.commands;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.common.output.OutputGuard;
import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of every command that reads configuration, declared here once: the file
 * ({@code --conf}), {@code --set key=value} overrides (checked like the file:
 * {@link io.sparkctr.common.config.ConfigOverrides}) and {@code --print-config}, which prints the
 * effective config (defaults, then the file, then the overrides) once it has been validated, and
 * exits without running the job. A command mixes in {@link Required} (no run without a file) or
 * {@link Optional} (the packaged defaults, or a default file the command names, without one).
 */
public abstract class ConfigOptions {
  /**
   * {@code --conf} first, before {@code --set} and {@code --print-config} and the command's own options:
   * picocli lists a superclass's options first, and options without an order have -1.
   */
  static final int CONF_ORDER = -2;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = {"Override one config key (repeatable; the last wins), e.g. --set sparkctr.training.epochs=3 "
          + "or --set training.epochs=3 (the sparkctr. prefix is optional). Checked like the file: unknown keys, "
          + "types and ranges are errors naming the --set."})
  List<String> set = new ArrayList<>();

  @Option(names = "--print-config",
      description = "Print the effective config (defaults < file < --set) as HOCON after validating every section "
          + "the command reads, and exit without running; the command's other required options are not needed.")
  boolean printConfig;

  ConfigOptions() {}

  /** The {@code --conf} file given, or null. */
  public abstract File file();

  /** The config file with the overrides over it, over the defaults; without a file, the overrides over the defaults. */
  public Config load() {
    return load(null);
  }

  /**
   * As {@link #load()}, reading {@code fallback} when no {@code --conf} was given (the demo's preset).
   *
   * @param fallback the command's default config file, or null for the packaged defaults alone
   */
  public Config load(File fallback) {
    File f = file(fallback);
    return f == null ? ConfigLoader.loadDefaults(set) : ConfigLoader.load(f, set);
  }

  /** The file {@link #load(File)} reads: {@code --conf}, else {@code fallback} (null: none). */
  public File file(File fallback) {
    return file() != null ? file() : fallback;
  }

  /** The config's source for messages: the file name, or {@code defaults} without one. */
  public String source() {
    return source(null);
  }

  /** As {@link #source()}, with the command's default file. */
  public String source(File fallback) {
    File f = file(fallback);
    return f == null ? "defaults" : f.toString();
  }

  /** The {@code --set} settings in command-line order. */
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

  /** What a job reading {@code config} reads besides its inputs: the file and its includes (none for the defaults). */
  public static OutputGuard.Read[] reads(Config config) {
    return OutputGuard.Read.configs(ConfigLoader.filesRead(config));
  }

  /** The {@code sparkctr} section as HOCON, keys sorted. */
  public static String render(Config config) {
    return config.getConfig("sparkctr").atKey("sparkctr").root()
        .render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false).setJson(false));
  }

  /** {@code --conf FILE}, required. */
  public static final class Required extends ConfigOptions {
    @Option(names = "--conf", paramLabel = "FILE", required = true, order = CONF_ORDER,
        description = "HOCON config file, merged over the packaged defaults (conf/defaults.conf lists every key).")
    File conf;

    @Override
    public File file() {
      return conf;
    }
  }

  /** {@code --conf FILE}, optional: without it the command reads the packaged defaults, or a default file it names. */
  public static final class Optional extends ConfigOptions {
    @Option(names = "--conf", paramLabel = "FILE", order = CONF_ORDER,
        description = "HOCON config file, merged over the packaged defaults (conf/defaults.conf lists every key). "
            + "Optional: without it, the command's default named in its description.")
    File conf;

    @Override
    public File file() {
      return conf;
    }
  }
}
