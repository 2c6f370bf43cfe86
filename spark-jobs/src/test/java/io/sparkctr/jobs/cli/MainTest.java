package io.sparkctr.jobs.cli;

import org.junit.jupiter.api.Tag;
import io.sparkctr.jobs.DemoJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: generate, then features with the shipped preset, through {@link Main#run}. */
@Tag("integration")
class MainTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  @Test
  void generateThenFeaturesWithTheSyntheticPreset() throws Exception {
    Path gen = dir.resolve("gen");
    assertEquals(Main.EXIT_OK, Main.run(new String[] {"generate", "--rows", "8000", "--days", "4", "--seed", "5",
        "--out", gen.toString()}));
    assertTrue(Files.readString(gen.resolve("generator.json")).contains("\"rows\": 8000"));
    Path out = dir.resolve("features");
    assertEquals(Main.EXIT_OK, Main.run(new String[] {"features", "--conf", "../conf/presets/synthetic.conf",
        "--input", gen.resolve("logs").toString(), "--output", out.toString()}));
    FeatureManifest m = FeatureManifest.fromJson(Files.readString(out.resolve("manifest.json")), "manifest");
    assertEquals(8000, m.counts().rowsRead());
    assertEquals(2000, m.counts().written().get("test"), 100);
    // an existing output: the message names the option features has, which replaces it
    String err = stderrOf(() -> assertEquals(Main.EXIT_BAD_INPUT, Main.run(new String[] {"features", "--conf",
        "../conf/presets/synthetic.conf", "--input", gen.resolve("logs").toString(), "--output", out.toString()})));
    assertTrue(err.contains(" already exists (pass --overwrite to replace it)"), err);
    assertEquals(Main.EXIT_OK, Main.run(new String[] {"features", "--conf", "../conf/presets/synthetic.conf",
        "--input", gen.resolve("logs").toString(), "--output", out.toString(), "--overwrite"}));
    // the same generator arguments give the same bytes
    Path again = dir.resolve("gen-again");
    Main.run(new String[] {"generate", "--rows", "8000", "--days", "4", "--seed", "5", "--out", again.toString()});
    assertEquals(Files.readString(gen.resolve("generator.json")), Files.readString(again.resolve("generator.json")));
    for (String sub : new String[] {"logs", "truth"}) {
      assertEquals(contents(gen.resolve(sub)), contents(again.resolve(sub)), sub + " differ");
    }
  }

  @Test
  void usageErrorsExitWithTwoAndSayWhy() {
    String err = stderrOf(() -> assertEquals(Main.EXIT_BAD_INPUT,
        Main.run(new String[] {"features", "--conf", "x.conf", "--outptu", "y"})));
    assertTrue(err.contains("Unknown option '--outptu'; did you mean '--output'?"), err);
    err = stderrOf(() -> assertEquals(Main.EXIT_BAD_INPUT, Main.run(new String[] {"features", "--conf", "nope.conf"})));
    assertTrue(err.contains("no such file nope.conf"), err);
    err = stderrOf(() -> assertEquals(Main.EXIT_BAD_INPUT, Main.run(new String[] {"trian"})));
    assertTrue(err.contains("Unknown command 'trian'"), err);
  }

  @Test
  void demoRunsFeaturesTrainEvaluateEndToEnd() {
    DemoJob.Result r = DemoJob.run(SparkTestSession.get(), new DemoJob.Params(dir.resolve("demo").toString(), 20_000, 4,
        2, new java.io.File("../conf/presets/synthetic.conf")));
    assertTrue(r.table().contains("20,000 planted impressions"), r.table());
    assertTrue(r.table().contains("LR baseline") && r.table().contains("true probabilities"), r.table());
    var model = r.evaluation().models().get(0).metrics();
    assertEquals(r.manifest().counts().written().get("test"), model.count(), "every test row scored");
    assertEquals(model.count(), r.truth().count(), "truth joined to every test row");
    assertTrue(model.auc() > 0.65, "model AUC " + model.auc());
    assertTrue(r.truth().auc() > model.auc() - 0.01, "truth " + r.truth().auc() + " vs model " + model.auc());
    assertTrue(Files.exists(dir.resolve("demo/report/report.html")));
    assertTrue(Files.exists(dir.resolve("demo/model/model.zip")));
  }

  /** The data files of a Spark output directory, name → bytes (as text), in name order. */
  private static java.util.Map<String, String> contents(Path dir) throws java.io.IOException {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        // part-00000-<job uuid>-c000.csv: the uuid differs per run, the part number and the bytes may not
        out.put(p.getFileName().toString().replaceAll("-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", ""),
            Files.readString(p));
      }
    }
    assertTrue(!out.isEmpty(), "no part files under " + dir);
    return out;
  }

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString();
  }
}
