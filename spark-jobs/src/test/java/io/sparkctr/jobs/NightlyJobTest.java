package io.sparkctr.jobs;

import org.junit.jupiter.api.Tag;
import io.sparkctr.jobs.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import io.sparkctr.jobs.nightly.NightlyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkctr nightly} end to end on local Spark over consecutive dates of planted daily logs
 * (one directory per day): publish, publish a successor, idempotent re-run, a broken candidate
 * rejected, a crash before the pointer switch leaving the old model current.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("integration")
class NightlyJobTest {
  @TempDir
  static Path dir;
  static Path registry;

  @BeforeAll
  static void dailyLogs() {
    SparkSession spark = SparkTestSession.get();
    String gen = dir.resolve("gen").toString();
    SyntheticLogWriter.write(spark, 40_000, 8, 11, gen, false);
    spark.read().option("header", true).csv(gen + "/" + SyntheticLogWriter.LOGS)
        .withColumn("date", functions.to_date(functions.from_unixtime(functions.col("timestamp").cast("long"))))
        .write().option("header", true).partitionBy("date").csv(dir.resolve("daily").toString());
    registry = dir.resolve("registry");
  }

  @AfterEach
  void noCrash() {
    NightlyJob.beforePointerSwitch = () -> { };
  }

  static NightlyJob.Params params(String date, String overrides) {
    String nightly = String.join("\n",
        "sparkctr.nightly {",
        "  input = \"" + dir.resolve("daily") + "/date={date}\"",
        "  window-days = 4",
        "  registry = \"" + registry + "\"",
        "  workdir = \"" + dir.resolve("work") + "\"",
        "  gate { max-auc-drop = 0.02, max-logloss-increase = 0.02, min-calibration = 0.6, max-calibration = 1.5 }",
        "}",
        "sparkctr.training.epochs = 2",
        "sparkctr.evaluation { slices = [c8, c1], top-slice-values = 5 }");
    return new NightlyJob.Params(PlantedFeatures.config(overrides + "\n" + nightly), "test.conf",
        LocalDate.parse(date));
  }

  static String current() throws IOException {
    return Files.readString(registry.resolve("CURRENT")).trim();
  }

  static List<String> tree() throws IOException {
    try (Stream<Path> s = Files.walk(registry)) {
      return s.map(p -> registry.relativize(p) + " " + p.toFile().length() + " " + p.toFile().lastModified())
          .sorted().toList();
    }
  }

  @Test
  @Order(1)
  void firstDatePublishes() throws IOException {
    NightlyResult r = NightlyJob.run(SparkTestSession.get(), params("2026-01-05", ""));
    assertTrue(r.published(), r.reasons().toString());
    assertEquals(Main.EXIT_OK, Main.exitCode(r));
    assertEquals("2026-01-05", current());
    assertTrue(r.candidate().auc() > 0.7, "candidate AUC " + r.candidate().auc());
    Path v = registry.resolve("versions/2026-01-05");
    for (String f : List.of("model.zip", "manifest.json", "spec.json", "summary.json", NightlyJob.RESULT,
        "report/report.html")) {
      assertTrue(Files.exists(v.resolve(f)), f);
    }
    assertTrue(Files.readString(v.resolve("report/report.html")).contains("Publication gate: published"));
  }

  @Test
  @Order(2)
  void nextDatePublishesASuccessorAndReRunningChangesNothing() throws IOException {
    NightlyResult r = NightlyJob.run(SparkTestSession.get(), params("2026-01-06", ""));
    assertTrue(r.published(), r.reasons().toString());
    assertEquals("2026-01-05", r.previous());
    assertTrue(r.candidate().auc() > r.previousMetrics().auc(),
        "a better candidate: " + r.candidate().auc() + " vs published " + r.previousMetrics().auc());
    assertEquals(r.candidate().count(), r.previousMetrics().count(), "both scored on the same held-out rows");
    assertEquals("2026-01-06", current());
    assertEquals(0, r.unpairedRows());
    assertEquals(r.candidate().count(), r.comparison().rows());
    assertEquals(r.candidate().auc() - r.previousMetrics().auc(), r.comparison().aucDelta(), 1e-12);
    assertTrue(r.comparison().aucDeltaCi().contains(r.comparison().aucDelta()), r.comparison().toString());
    for (String field : List.of("c8", "c1")) {
      var values = r.slices().get(field);
      assertEquals(r.candidate().count(), values.stream().mapToLong(v -> v.count()).sum(), field + " sums to the day");
      assertEquals(r.candidate().positives(), values.stream().mapToLong(v -> v.positives()).sum(), field);
    }
    assertEquals(6, r.slices().get("c1").size(), "top 5 of 20 values and (other)");
    assertEquals("(other)", r.slices().get("c1").get(5).value());
    assertEquals(r.slices().keySet(), r.previousSlices().keySet(), "the published model's slices on the same rows");
    assertTrue(Files.readString(registry.resolve("versions/2026-01-06/report/report.html")).contains(
        "Candidate and published model (2026-01-05) on the held-out day by c8"), "slices side by side");
    String trend = Files.readString(registry.resolve("trend/index.html"));
    assertTrue(trend.contains("2026-01-05") && trend.contains("2026-01-06") && trend.contains("trend-auc"), "trend page");
    assertTrue(trend.contains("2026-01-06 <strong>current</strong>"), "the current version marked");

    List<String> before = tree();
    NightlyResult again = NightlyJob.run(SparkTestSession.get(), params("2026-01-06", ""));
    assertEquals(r, again);
    assertEquals(before, tree(), "re-running a date changes nothing");
  }

  @Test
  @Order(3)
  void brokenCandidateIsRejectedAndTheModelStays() throws IOException {
    // a learning rate that leaves the candidate at its random initialization
    NightlyResult r = NightlyJob.run(SparkTestSession.get(),
        params("2026-01-07", "sparkctr.model { learning-rate = 1e-9 }"));
    assertFalse(r.published());
    assertEquals(Main.EXIT_REJECTED, Main.exitCode(r));
    assertTrue(r.reasons().stream().anyMatch(x -> x.contains("AUC")), r.reasons().toString());
    assertEquals("2026-01-06", current(), "the published model stays");
    assertTrue(Files.readString(registry.resolve("versions/2026-01-07/report/report.html"))
        .contains("Publication gate: rejected"));
  }

  @Test
  @Order(4)
  void crashBeforeThePointerSwitchLeavesTheOldModelAndTheReRunFinishes() throws IOException {
    NightlyJob.beforePointerSwitch = () -> {
      throw new IllegalStateException("simulated crash before the pointer switch");
    };
    assertThrows(IllegalStateException.class, () -> NightlyJob.run(SparkTestSession.get(), params("2026-01-08", "")));
    assertEquals("2026-01-06", current(), "old model still current");
    assertTrue(Files.exists(registry.resolve("versions/2026-01-08/result.json")));

    NightlyJob.beforePointerSwitch = () -> { };
    NightlyResult r = NightlyJob.run(SparkTestSession.get(), params("2026-01-08", ""));
    assertTrue(r.published(), r.reasons().toString());
    assertEquals("2026-01-08", current());
  }

  @Test
  @Order(5)
  void missingDaysAreABadInputError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NightlyJob.run(SparkTestSession.get(), params("2026-01-11", "")));
    assertTrue(e.getMessage().contains("no logs for") && e.getMessage().contains("2026-01-09"), e.getMessage());
  }

  @Test
  @Order(6)
  void aRolledBackVersionIsNotRepublishedByAReRunUntilPromoted() throws IOException {
    assertEquals("2026-01-08", current());
    assertEquals(Main.EXIT_OK, Main.run(new String[] {"registry", "rollback", "--registry", registry.toString(),
        "--reason", "regression seen in production"}));
    assertEquals("2026-01-06", current(), "01-07 was rejected by the gate: skipped");
    NightlyResult again = NightlyJob.run(SparkTestSession.get(), params("2026-01-08", ""));
    assertTrue(again.published(), "the recorded decision is unchanged");
    assertEquals("2026-01-06", current(), "the re-run respects the rollback");
    assertEquals(Main.EXIT_OK, Main.run(new String[] {"registry", "promote", "--registry", registry.toString(),
        "2026-01-08", "--reason", "fixed"}));
    assertEquals("2026-01-08", current());
  }
}
