package io.sparkctr.jobs.cli;

import static io.sparkctr.jobs.cli.CliTest.PRESET;
import static io.sparkctr.jobs.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.jobs.cli.CliTest.Run;
import io.sparkctr.jobs.eval.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's help texts, suggestions and {@code --print-config}, without a Spark session. */
class CliRoughEdgesTest {
  /** The --set keys the nightly section needs (the preset has none). */
  private static final String[] NIGHTLY = {"--set", "nightly.input=hdfs:///logs/{date}", "--set",
      "nightly.registry=hdfs:///ctr/registry", "--set", "nightly.workdir=hdfs:///ctr/work"};

  @TempDir
  Path dir;

  @Test
  void featuresTakesOverwrite() {
    Run r = run("features", "--conf", PRESET, "--overwrite", "--print-config");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    r = run("features", "--help");
    assertTrue(flat(r.out()).contains("--overwrite Replace an existing output (atomically); the same as "
        + "sparkctr.features.output.overwrite = true."), r.out());
  }

  @Test
  void helpListsTheSparkMasterAndMainTakesIt() {
    Run r = run("--help");
    assertTrue(r.out().contains("--master=URL") && flat(r.out()).contains("$SPARKCTR_MASTER, else local[*]"), r.out());
    String before = System.getProperty(SparkctrCommand.MASTER_PROPERTY);
    try {
      r = run("--master", "local[3]", "--version");
      assertEquals(Main.EXIT_OK, r.code(), r.err());
      assertEquals("local[3]", System.getProperty(SparkctrCommand.MASTER_PROPERTY));
    } finally {
      if (before == null) {
        System.clearProperty(SparkctrCommand.MASTER_PROPERTY);
      } else {
        System.setProperty(SparkctrCommand.MASTER_PROPERTY, before);
      }
    }
  }

  @Test
  void printConfigChecksTheTrainingAndModelSectionsItPrints() {
    Run r = run("train", "--conf", PRESET, "--features", "f", "--model-out", "m", "--set", "model.type=deepfn",
        "--print-config");
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.out());
    assertTrue(r.err().contains("Cannot read sparkctr.model.type of " + PRESET + ": 'deepfn' (--set model.type=deepfn) "
        + "is not one of lr, fm, wide-deep, deepfm, dcn-v2"), r.err());
    assertEquals("", r.out(), "nothing printed");
    r = run(concat(new String[] {"nightly", "--conf", PRESET, "--date", "2026-01-05", "--set", "training.epochs=ten",
        "--print-config"}, NIGHTLY));
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.out());
    assertTrue(r.err().contains("--set training.epochs=ten") && r.err().contains("epochs"), r.err());
    r = run("demo", "--conf", PRESET, "--set", "model.type=deepfn", "--print-config");
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.out());
    assertTrue(r.err().contains("sparkctr.model.type of " + PRESET + ": 'deepfn'"), r.err());
  }

  @Test
  void printConfigNeedsNoOtherRequiredOption() {
    Run r = run("train", "--conf", PRESET, "--print-config");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals(ConfigLoader.load(Path.of(PRESET).toFile()).getInt("sparkctr.training.epochs"),
        ConfigLoader.loadString(r.out(), "printed").getInt("sparkctr.training.epochs"));
    r = run(concat(new String[] {"nightly", "--conf", PRESET, "--print-config"}, NIGHTLY));
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    r = run("nightly", "--conf", PRESET);
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("sparkctr nightly: Missing required option: '--date=YYYY-MM-DD'"), r.err());
  }

  @Test
  void aMistypedOptionIsSuggestedBeforeMissingOnes() {
    Run r = run("train", "--featuers", "f");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("sparkctr train: Unknown option '--featuers'; did you mean '--features'?"), r.err());
    r = run("score", "--model", "m", "--outptu", "o");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("sparkctr score: Unknown option '--outptu'; did you mean '--output'?"), r.err());
  }

  @Test
  void benchModelsRefusesABadCrossNetworkBeforeAnyWork() {
    Run r = run("bench-models", "--types", "dcn-v2", "--structure", "diagonal");
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.out());
    assertTrue(r.err().contains("Cannot read cross structure 'diagonal': not one of [stacked, parallel]"), r.err());
    r = run("bench-models", "--types", "dcn-v2", "--cross-layers", "0");
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), r.out());
    assertTrue(r.err().contains("Cannot build cross network: cross-layers 0 must be in [1, 64]"), r.err());
    assertTrue(flat(run("bench-models", "--help").out()).contains("(default: lr,fm,wide-deep,deepfm,dcn-v2)"));
  }

  @Test
  void helpOfAMistypedCommandSuggestsOne() {
    Run r = run("help", "traing");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("sparkctr: Unknown command 'traing'; did you mean 'train'"), r.err());
    assertTrue(r.err().contains("Run 'sparkctr --help' for the commands."), r.err());
  }

  @Test
  void sparkSettingsAreSentWhereTheyBelong() throws Exception {
    Run r = run("features", "--conf", PRESET, "--set", "spark.executor.memory=4g", "--print-config");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("unknown key 'sparkctr.spark.executor.memory' (--set spark.executor.memory=4g); "
        + "Spark settings are not sparkctr config keys: give them to spark-submit as --conf spark.executor.memory=4g, "
        + "or to bin/sparkctr as -Dspark.executor.memory=4g in $SPARKCTR_JAVA_OPTS"), r.err());
    Path conf = dir.resolve("spark.conf");
    Files.writeString(conf, "include \"" + Path.of(PRESET).toAbsolutePath() + "\"\nspark.executor.cores = 4\n");
    r = run("features", "--conf", conf.toString(), "--print-config");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("unknown key 'spark.executor.cores'")
        && r.err().contains("--conf spark.executor.cores=4"), r.err());
  }

  @Test
  void helpTextsNameWhatIsWritten() {
    Run r = run("train", "--help");
    assertTrue(flat(r.out()).contains("lineage in lineage.json") && !r.out().contains("bundle.json"), r.out());
    r = run("generate", "--help");
    assertFalse(flat(r.out()).contains("one file per day"), r.out());
    assertTrue(flat(r.out()).contains("one part file per 250000 rows"), r.out());
  }

  @Test
  void reportsNameTheVersionThatVersionPrints() {
    assertEquals(BuildInfo.current().describe(), ModelCard.version());
    assertTrue(run("--version").out().startsWith("sparkctr " + ModelCard.version() + System.lineSeparator()));
  }

  /** Help text with its line breaks and indentation as single spaces. */
  private static String flat(String help) {
    return help.replaceAll("\\s+", " ");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
