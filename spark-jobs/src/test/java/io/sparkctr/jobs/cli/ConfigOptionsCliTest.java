package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.jobs.cli.CliTest.Run;
import io.sparkctr.jobs.cli.commands.ConfigOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One {@code --conf}/{@code --set}/{@code --print-config} option set ({@link ConfigOptions}) on every
 * command that reads configuration, through {@link Main#run} without a Spark session.
 */
class ConfigOptionsCliTest {
  static final String PRESET = CliTest.PRESET;
  /** The --set keys the nightly section needs (the preset has none). */
  static final String[] NIGHTLY = {"--set", "nightly.input=hdfs:///logs/{date}", "--set",
      "nightly.registry=hdfs:///ctr/registry", "--set", "nightly.workdir=hdfs:///ctr/work"};

  /** Every command that reads configuration, with the options it needs to get as far as its config. */
  static final Map<String, String[]> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("train", new String[] {"train", "--conf", PRESET, "--features", "f", "--model-out", "m"});
    COMMANDS.put("features", new String[] {"features", "--conf", PRESET});
    COMMANDS.put("nightly", concat(new String[] {"nightly", "--conf", PRESET, "--date", "2026-01-05"}, NIGHTLY));
    COMMANDS.put("demo", new String[] {"demo", "--conf", PRESET});
    COMMANDS.put("evaluate", new String[] {"evaluate", "--model", "m", "--features", "f", "--report-out", "r"});
    COMMANDS.put("score", new String[] {"score", "--model", "m", "--input", "i", "--output", "o"});
    COMMANDS.put("bench-features", new String[] {"bench-features", "--conf", PRESET, "--input", "i"});
    COMMANDS.put("bench-train", new String[] {"bench-train", "--conf", PRESET, "--features", "f", "--workdir", "w"});
  }

  @TempDir
  Path dir;

  static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void everyCommandThatReadsConfigHasTheSameOptions() {
    var root = Main.commandLine();
    for (String name : COMMANDS.keySet()) {
      var spec = root.getSubcommands().get(name).getCommandSpec();
      for (String option : List.of("--conf", "--set", "--print-config")) {
        OptionSpec o = spec.findOption(option);
        assertTrue(o != null, name + " has " + option);
      }
      assertEquals(ConfigOptions.class, spec.mixins().values().stream()
          .map(m -> m.userObject().getClass().getSuperclass()).filter(ConfigOptions.class::equals).findFirst()
          .orElse(null), name + " mixes in ConfigOptions");
    }
    for (String required : List.of("train", "features", "nightly", "bench-features", "bench-train")) {
      assertTrue(root.getSubcommands().get(required).getCommandSpec().findOption("--conf").required(), required);
    }
    for (String optional : List.of("demo", "evaluate", "score")) {
      assertFalse(root.getSubcommands().get(optional).getCommandSpec().findOption("--conf").required(), optional);
    }
  }

  @Test
  void theNewCommandsTakeSetAndPrintTheEffectiveConfig() throws Exception {
    Path conf = dir.resolve("my.conf");
    Files.writeString(conf, "include \"" + Path.of(PRESET).toAbsolutePath() + "\"\nsparkctr.training.epochs = 7\n"
        + "sparkctr.evaluation.confidence = 0.9\n");
    for (String name : List.of("evaluate", "score", "bench-features", "bench-train")) {
      Run r = CliTest.run(name, "--conf", conf.toString(), "--set", "training.epochs=3",
          "--set", "sparkctr.evaluation.confidence=0.8", "--print-config");
      assertEquals(Main.EXIT_OK, r.code(), name + ": " + r.err());
      var printed = ConfigLoader.loadString(r.out(), "printed");
      assertEquals(3, printed.getInt("sparkctr.training.epochs"), name + ": --set wins over the file");
      assertEquals(0.8, printed.getDouble("sparkctr.evaluation.confidence"), name);
      var expected = ConfigLoader.load(conf.toFile(), List.of("training.epochs=3", "evaluation.confidence=0.8"));
      assertEquals(expected.getConfig("sparkctr").root().unwrapped(), printed.getConfig("sparkctr").root().unwrapped(),
          name + ": the printed config is the effective one, every key");
    }
    for (String name : List.of("evaluate", "score")) { // --conf optional: the --set over the packaged defaults
      Run r = CliTest.run(name, "--set", "evaluation.calibration-bins=7", "--print-config");
      assertEquals(Main.EXIT_OK, r.code(), name + ": " + r.err());
      assertEquals(7, ConfigLoader.loadString(r.out(), "printed").getInt("sparkctr.evaluation.calibration-bins"));
    }
  }

  @Test
  void anUnknownOrMalformedSetIsTheSameErrorEverywhere() {
    for (String[] set : List.of(new String[] {"--set", "training.epocs=3"}, new String[] {"--set", "epochs"},
        new String[] {"--set", "spark.executor.memory=4g"})) {
      String first = null;
      for (var e : COMMANDS.entrySet()) {
        for (boolean print : List.of(false, true)) {
          String[] argv = concat(e.getValue(), set);
          Run r = CliTest.run(print ? concat(argv, "--print-config") : argv);
          assertEquals(Main.EXIT_BAD_INPUT, r.code(), e.getKey() + " " + set[1] + ": " + r.err());
          assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
          String prefix = "sparkctr " + e.getKey() + ": ";
          assertTrue(r.err().startsWith(prefix), r.err());
          String message = r.err().substring(prefix.length());
          if (first == null) {
            first = message;
          }
          assertEquals(first, message, e.getKey() + " says what train says");
        }
      }
      assertTrue(first.contains(set[1]), first);
    }
  }

  @Test
  void anInvalidValueNamesTheSetOnTheNewCommands() {
    Map<String, String> invalid = new LinkedHashMap<>();
    invalid.put("evaluate", "evaluation.confidence=high");
    invalid.put("score", "features.quarantine.max-bad-fraction=2");
    invalid.put("bench-features", "features.split.mode=sideways");
    invalid.put("bench-train", "training.epochs=ten");
    invalid.forEach((name, setting) -> {
      for (boolean print : List.of(false, true)) {
        String[] argv = concat(COMMANDS.get(name), "--set", setting);
        Run r = CliTest.run(print ? concat(argv, "--print-config") : argv);
        assertEquals(Main.EXIT_BAD_INPUT, r.code(), name + ": validated before printing or running: " + r.err());
        assertTrue(r.err().startsWith("sparkctr " + name + ": "), r.err());
        assertTrue(r.err().contains(setting.substring(setting.indexOf('=') + 1)), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
      }
    });
    Run r = CliTest.run(concat(COMMANDS.get("bench-train"), "--set", "training.epochs=ten"));
    assertTrue(r.err().contains("--set training.epochs=ten"), "names the --set: " + r.err());
  }

  @Test
  void printConfigNeedsNoOtherRequiredOptionAndTheyAreStillRequired() {
    for (String name : List.of("evaluate", "score")) {
      Run r = CliTest.run(name, "--print-config");
      assertEquals(Main.EXIT_OK, r.code(), name + ": " + r.err());
    }
    for (String name : List.of("bench-features", "bench-train")) {
      Run r = CliTest.run(name, "--conf", PRESET, "--print-config");
      assertEquals(Main.EXIT_OK, r.code(), name + ": " + r.err());
      r = CliTest.run(name, "--print-config");
      assertEquals(Main.EXIT_BAD_INPUT, r.code(), name + " still requires --conf");
      assertTrue(r.err().contains("Missing required option: '--conf=FILE'"), r.err());
    }
    Map<String, String> missing = Map.of(
        "evaluate", "Missing required options: '--model=DIR', '--report-out=DIR'",
        "score", "Missing required options: '--model=DIR', '--input=PATH', '--output=DIR'",
        "bench-features", "Missing required option: '--input=PATH'",
        "bench-train", "Missing required options: '--features=DIR', '--workdir=DIR'");
    missing.forEach((name, message) -> {
      Run r = name.startsWith("bench") ? CliTest.run(name, "--conf", PRESET) : CliTest.run(name);
      assertEquals(Main.EXIT_BAD_INPUT, r.code(), name);
      assertTrue(r.err().contains("sparkctr " + name + ": " + message), r.err());
    });
  }
}
