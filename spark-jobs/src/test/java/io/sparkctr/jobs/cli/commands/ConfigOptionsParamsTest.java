package io.sparkctr.jobs.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.jobs.ScoreJob;
import io.sparkctr.jobs.bench.FeatureBenchmark;
import io.sparkctr.jobs.bench.TrainBenchmark;
import io.sparkctr.jobs.cli.SparkctrCommand;
import io.sparkctr.models.metrics.MetricsOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --conf}/{@code --set} on the commands that gained them (evaluate, score, bench-features,
 * bench-train): parsed by the CLI's own command tree, the override reaches the typed settings the
 * command hands its job, before any Spark session.
 */
class ConfigOptionsParamsTest {
  static final String PRESET = "../conf/presets/synthetic.conf";

  @TempDir
  Path dir;

  /** The command object picocli filled from {@code argv} (the first word is the command). */
  @SuppressWarnings("unchecked")
  static <T> T parse(String... argv) {
    CommandLine.ParseResult r = new CommandLine(new SparkctrCommand()).parseArgs(argv);
    return (T) r.subcommand().commandSpec().userObject();
  }

  @Test
  void evaluateReadsTheSetOverTheDefaultsOrTheFile() {
    EvaluateCommand c = parse("evaluate", "--model", "m", "--features", "f", "--report-out", "r",
        "--set", "evaluation.confidence=0.9", "--set", "sparkctr.evaluation.calibration-bins=7");
    MetricsOptions o = c.params(c.config.load()).options();
    assertEquals(0.9, o.confidence());
    assertEquals(7, o.calibrationBins());
    assertEquals(MetricsOptions.from(ConfigLoader.defaults(), "defaults").histogramBins(), o.histogramBins());
    c = parse("evaluate", "--conf", PRESET, "--model", "m", "--features", "f", "--report-out", "r",
        "--set", "evaluation.confidence=0.8");
    assertEquals(0.8, c.params(c.config.load()).options().confidence());
    assertEquals(List.of(new File(PRESET).getAbsolutePath()), ConfigLoader.filesRead(c.config.load()).stream()
        .map(f -> new File(f).getAbsolutePath()).toList(), "the file is guarded against the report");
  }

  @Test
  void scoreTakesItsDefaultBadRowLimitFromTheConfig() throws Exception {
    ScoreCommand c = parse("score", "--model", "m", "--input", "i", "--output", "o");
    assertEquals(ScoreJob.DEFAULT_MAX_BAD_FRACTION, c.params(c.config.load()).maxBadFraction(), "no config: as before");
    c = parse("score", "--model", "m", "--input", "i", "--output", "o",
        "--set", "features.quarantine.max-bad-fraction=0.25");
    assertEquals(0.25, c.params(c.config.load()).maxBadFraction());
    c = parse("score", "--model", "m", "--input", "i", "--output", "o", "--max-bad-fraction", "0.5",
        "--set", "features.quarantine.max-bad-fraction=0.25");
    assertEquals(0.5, c.params(c.config.load()).maxBadFraction(), "the option wins over the config");
    Path conf = dir.resolve("score.conf");
    Files.writeString(conf, "sparkctr.features.quarantine.max-bad-fraction = 0.125\n");
    c = parse("score", "--conf", conf.toString(), "--model", "m", "--input", "i", "--output", "o");
    assertEquals(0.125, c.params(c.config.load()).maxBadFraction());
    ScoreCommand bad = parse("score", "--model", "m", "--input", "i", "--output", "o",
        "--set", "features.quarantine.max-bad-fraction=2");
    String e = assertThrows(IllegalArgumentException.class, () -> bad.params(bad.config.load())).getMessage();
    assertTrue(e.contains("outside [0, 1]") && e.contains("--set features.quarantine.max-bad-fraction=2"), e);
  }

  @Test
  void benchFeaturesReadsTheSet() {
    BenchFeaturesCommand c = parse("bench-features", "--conf", PRESET, "--input", "logs",
        "--set", "features.hashing.bits=12");
    FeatureBenchmark.Params p = c.params(c.config.load());
    assertEquals(12, p.config().hashing().bits());
    assertEquals("logs", p.input());
  }

  @Test
  void benchTrainReadsTheSetIntoTheTrainSettings() {
    BenchTrainCommand c = parse("bench-train", "--conf", PRESET, "--features", "f", "--workdir", "w",
        "--set", "training.epochs=2", "--set", "training.master=gradient-sharing");
    TrainBenchmark.Params p = c.params();
    assertEquals(2, p.settings().epochs());
    assertEquals("gradient-sharing", p.settings().master().configName());
    assertEquals(2, p.config().getInt("sparkctr.training.epochs"), "the runs' config carries it too");
    assertEquals(PRESET, p.source());
  }
}
