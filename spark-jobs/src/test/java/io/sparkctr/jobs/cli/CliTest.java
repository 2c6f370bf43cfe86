package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.jobs.cli.commands.Counts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command line without a Spark session: help, version, usage errors, --set and --print-config. */
class CliTest {
  static final String PRESET = "../conf/presets/synthetic.conf";

  @TempDir
  Path dir;

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {}

  static Run run(String... argv) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(argv);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Every command and subcommand, as typed: {@code train}, {@code registry promote}. */
  static List<String> commands() {
    List<String> out = new java.util.ArrayList<>();
    Main.commandLine().getSubcommands().forEach((name, cl) -> {
      if (!name.equals("help")) {
        out.add(name);
        cl.getSubcommands().keySet().stream().filter(sub -> !sub.equals("help")).forEach(sub -> out.add(name + " " + sub));
      }
    });
    return out;
  }

  @Test
  void everyExistingCommandIsThere() {
    assertTrue(Main.COMMANDS.containsAll(List.of("demo", "generate", "features", "train", "evaluate", "score",
        "nightly", "bench-features", "bench-train", "bench-models", "bench-tables", "registry", "export")),
        Main.COMMANDS.toString());
    assertTrue(commands().containsAll(List.of("registry list", "registry show", "registry promote",
        "registry rollback")), commands().toString());
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandHasHelpDescribingEveryOption(String command) {
    String[] words = command.split(" ");
    Run long1 = run(concat(words, "--help"));
    Run short1 = run(concat(words, "-h"));
    Run viaHelp = words.length == 1 ? run("help", command) : run(words[0], "help", words[1]);
    assertEquals(Main.EXIT_OK, long1.code(), long1.err());
    assertEquals(long1.out(), short1.out());
    assertEquals(long1.out(), viaHelp.out());
    assertTrue(long1.out().startsWith("Usage: sparkctr " + command), long1.out());
    picocli.CommandLine cl = Main.commandLine();
    for (String w : words) {
      cl = cl.getSubcommands().get(w);
    }
    CommandSpec spec = cl.getCommandSpec();
    assertFalse(spec.usageMessage().description().length == 0, command + " has a description");
    for (var p : spec.positionalParameters()) {
      assertTrue(p.description().length > 0 && long1.out().contains(p.paramLabel()), command + " " + p.paramLabel());
    }
    for (OptionSpec o : spec.options()) {
      assertTrue(o.description().length > 0 && !o.description()[0].isBlank(), command + " " + o.longestName());
      assertTrue(long1.out().contains(o.longestName()), o.longestName() + " in " + long1.out());
    }
  }

  private static String[] concat(String[] words, String last) {
    String[] out = java.util.Arrays.copyOf(words, words.length + 1);
    out[words.length] = last;
    return out;
  }

  @Test
  void topLevelHelpListsTheCommandsAndExitCodes() {
    for (String[] argv : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
      Run r = run(argv);
      assertEquals(Main.EXIT_OK, r.code());
      for (String c : Main.COMMANDS) {
        assertTrue(r.out().contains("  " + c), c + " in " + r.out());
      }
      assertTrue(r.out().contains("Exit codes: 0 success; 2 bad usage"), r.out());
    }
    Run none = run();
    assertEquals(Main.EXIT_BAD_INPUT, none.code());
    assertTrue(none.err().contains("Usage: sparkctr"), none.err());
  }

  @Test
  void versionFromTheBuild() {
    for (String[] argv : new String[][] {{"--version"}, {"-V"}, {"train", "--version"}}) {
      Run r = run(argv);
      assertEquals(Main.EXIT_OK, r.code());
      assertTrue(r.out().startsWith("sparkctr " + BuildInfo.current().version()), r.out());
      assertTrue(r.out().contains("Spark 3.5.") && r.out().contains("DL4J/ND4J 1.0.0-M2.1"), r.out());
    }
    assertFalse(BuildInfo.current().version().equals(BuildInfo.UNKNOWN));
  }

  @Test
  void mistypedCommandsAndOptionsGetSuggestions() {
    Run r = run("trian");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("sparkctr: Unknown command 'trian'; did you mean 'train'"), r.err());
    r = run("features", "--conf", PRESET, "--outptu", "y");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("sparkctr features: Unknown option '--outptu'; did you mean '--output'?"), r.err());
    assertTrue(r.err().contains("Run 'sparkctr features --help'"), r.err());
    r = run("train", "--conf", PRESET, "--features");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("Missing required parameter for option '--features'"), r.err());
    r = run("train", "--conf", PRESET);
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("Missing required options: '--features=DIR', '--model-out=DIR'"), r.err());
    r = run("generate", "--out", "x", "--rows", "ten");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("'ten' is not an integer"), r.err());
    r = run("features", "--conf", "nope.conf");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("no such file nope.conf"), r.err());
    r = run("nightly", "--conf", PRESET, "--date", "2026-13-01");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("--date '2026-13-01' is not YYYY-MM-DD"), r.err());
  }

  @Test
  void setOverridesAndPrintConfigShowsTheEffectiveConfig() throws Exception {
    Path conf = dir.resolve("my.conf");
    Files.writeString(conf, "include \"" + Path.of(PRESET).toAbsolutePath() + "\"\nsparkctr.training.epochs = 7\n");
    Run r = run("train", "--conf", conf.toString(), "--features", "f", "--model-out", "m", "--set",
        "sparkctr.training.epochs=3", "--set", "model.type=lr", "--print-config");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    var printed = ConfigLoader.loadString(r.out(), "printed");
    assertEquals(3, printed.getInt("sparkctr.training.epochs"), "--set wins over the file");
    assertEquals("lr", printed.getString("sparkctr.model.type"));
    var expected = ConfigLoader.load(conf.toFile(), List.of("training.epochs=3", "model.type=lr"));
    assertEquals(expected.getConfig("sparkctr").root().unwrapped(), printed.getConfig("sparkctr").root().unwrapped(),
        "the printed config is the effective one, every key");
    assertFalse(Files.exists(dir.resolve("m")), "nothing ran");
  }

  @Test
  void demoAndNightlyTakeSetAndPrintConfigToo() {
    Run r = run("demo", "--conf", PRESET, "--set", "training.epochs=2", "--print-config");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals(2, ConfigLoader.loadString(r.out(), "printed").getInt("sparkctr.training.epochs"));
    r = run("nightly", "--conf", PRESET, "--date", "2026-01-05", "--set", "nightly.input=hdfs:///logs/{date}",
        "--set", "nightly.registry=hdfs:///ctr/registry", "--set", "nightly.workdir=hdfs:///ctr/work", "--print-config");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    var printed = ConfigLoader.loadString(r.out(), "printed");
    assertEquals("hdfs:///logs/{date}", printed.getString("sparkctr.nightly.input"));
    assertEquals("hdfs:///ctr/registry", printed.getString("sparkctr.nightly.registry"));
  }

  @Test
  void countsTakeSeparators() {
    assertEquals(1_000_000L, new Counts().convert("1_000_000"));
    assertEquals("'-3' is negative", org.junit.jupiter.api.Assertions.assertThrows(
        picocli.CommandLine.TypeConversionException.class, () -> new Counts().convert("-3")).getMessage());
  }

  @Test
  void setErrorsAreBadInputNamingTheSet() {
    Run r = run("train", "--conf", PRESET, "--features", "f", "--model-out", "m", "--set", "training.epocs=3");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("unknown key 'sparkctr.training.epocs' (--set training.epocs=3); did you mean "
        + "'sparkctr.training.epochs'?"), r.err());
    r = run("train", "--conf", PRESET, "--features", "f", "--model-out", "m", "--set", "training.epochs=ten");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("--set training.epochs=ten") && r.err().contains("epochs"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    r = run("features", "--conf", PRESET, "--set", "features.split.mode=sideways", "--print-config");
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), "validated before printing");
    assertTrue(r.err().contains("sideways"), r.err());
  }
}
