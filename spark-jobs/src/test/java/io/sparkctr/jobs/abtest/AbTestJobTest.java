package io.sparkctr.jobs.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.arms.ArmSplit;
import io.sparkctr.features.synthetic.AbTestLogWriter;
import io.sparkctr.features.synthetic.PlantedAbTest;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkctr abtest} on Spark over planted A/B logs: the per-unit aggregation on the executors gives the totals
 * the JVM gives from the planted generator, and the readout finds the planted lift and no sample-ratio mismatch.
 */
@Tag("integration")
class AbTestJobTest {
  @TempDir
  static Path dir;

  @Test
  void theReadoutOfPlantedLogsFindsThePlantedTruth() throws IOException {
    SparkSession spark = SparkTestSession.get();
    PlantedAbTest planted = new PlantedAbTest(ArmSplit.parse("control=0.5,treatment=0.5", "e2e"),
        new double[] {0, 0.10}, new PlantedAbTest.Settings(4_000, 7, 5, 0.05, 20, 2, 2.0, 0));
    String gen = dir.resolve("gen").toString();
    long rows = AbTestLogWriter.write(spark, planted, gen, false);
    AbTestJob.Params p = new AbTestJob.Params(gen + "/" + SyntheticLogWriter.LOGS, LogFormat.CSV,
        new AbTestJob.Fields("user_id", "arm", "label", "gmv", "timestamp"), dir.resolve("report").toString(), false,
        ExpectedSplit.read(gen + "/" + SyntheticLogWriter.SUMMARY, spark.sparkContext().hadoopConfiguration()),
        AbTestOptions.defaults("control"));
    AbTestReport r = AbTestJob.run(spark, p);

    assertEquals(rows, r.data().rowsRead());
    assertEquals(0, r.data().rowsSkipped());
    assertEquals(0, r.data().unitsInSeveralArms());
    assertEquals(7, r.days().size());
    // the executors' totals are the JVM's, unit by unit
    DailyTotals jvm = PlantedTotals.of(planted);
    for (int a = 0; a < 2; a++) {
      assertEquals(jvm.total(a).units(), r.arms().get(a).units(), "units of arm " + a);
      assertEquals(jvm.total(a).impressions(), r.arms().get(a).impressions(), "impressions of arm " + a);
      assertEquals(jvm.total(a).clicks(), r.arms().get(a).clicks(), "clicks of arm " + a);
    }
    double truth = planted.trueLift(1);
    for (AbTestReport.Comparison c : r.comparisons()) {
      assertTrue(c.lower() <= truth && truth <= c.upper(), c.metric() + " interval misses " + truth + ": " + c);
      assertTrue(c.sequenceLower() <= truth && truth <= c.sequenceUpper(), "sequence misses " + truth + ": " + c);
      assertTrue(c.sequenceLower() <= c.lower() && c.upper() <= c.sequenceUpper(), "the sequence is wider: " + c);
    }
    assertEquals(2, r.comparisons().size(), "ctr and value per impression");
    AbTestReport.Comparison ctr = r.comparisons().get(0);
    AbTestReport.Comparison jvmCtr = AbTestStatisticsTest.analyse(jvm).comparisons().get(0);
    assertEquals(jvmCtr.lift(), ctr.lift(), 1e-9);
    assertEquals(jvmCtr.standardError(), ctr.standardError(), 1e-9);
    assertFalse(r.sampleRatio().mismatch(), r.sampleRatio().toString());
    String json = Files.readString(dir.resolve("report").resolve(AbTestJob.JSON));
    assertTrue(json.contains("\"mixingVariance\" : 0.0025") && json.contains("\"alwaysValidP\""), json);
    String html = Files.readString(dir.resolve("report").resolve(AbTestJob.REPORT));
    assertTrue(html.contains("The units per arm follow the planned split") && html.contains("confidence sequence"));
  }
}
