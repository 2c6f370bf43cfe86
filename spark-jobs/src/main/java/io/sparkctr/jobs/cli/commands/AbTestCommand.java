package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.abtest.AbTestJob;
import io.sparkctr.jobs.abtest.AbTestOptions;
import io.sparkctr.jobs.abtest.AbTestReport;
import io.sparkctr.jobs.abtest.ExpectedSplit;
import io.sparkctr.jobs.abtest.LogFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr abtest}: the readout of an A/B test from impression logs. */
@Command(name = "abtest", sortOptions = false,
    description = "Read an A/B test from impression logs (one row per impression: unit, arm, click, time, optional "
        + "value): per arm CTR and value per impression, each arm's relative lift over the control with an interval "
        + "by unit (delta method), an always-valid p-value and confidence sequence for daily looks (mSPRT), a "
        + "sample-ratio-mismatch check and per-day lines; writes abtest.json and report.html.")
public final class AbTestCommand extends JobCommand {
  @Option(names = "--logs", required = true, paramLabel = "PATH", description = "Impression logs (file, dir or glob).")
  String logs;

  @Option(names = "--format", paramLabel = "csv|parquet|json", defaultValue = "csv",
      description = "Format of the logs; csv has a header line (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--unit-field", required = true, paramLabel = "FIELD",
      description = "The randomization unit (e.g. user_id): intervals are computed over units.")
  String unitField;

  @Option(names = "--arm-field", paramLabel = "FIELD", defaultValue = "arm", description = "(default: ${DEFAULT-VALUE})")
  String armField;

  @Option(names = "--click-field", paramLabel = "FIELD", defaultValue = "label",
      description = "Clicks of the impression, 0/1 or a count (default: ${DEFAULT-VALUE}).")
  String clickField;

  @Option(names = "--value-field", paramLabel = "FIELD", description = "Value of the impression (e.g. gmv); optional.")
  String valueField;

  @Option(names = "--time-field", paramLabel = "FIELD", defaultValue = "timestamp",
      description = "Event time in epoch seconds; days are UTC days (default: ${DEFAULT-VALUE}).")
  String timeField;

  @Option(names = "--control", paramLabel = "ARM", defaultValue = "control", description = "(default: ${DEFAULT-VALUE})")
  String control;

  @Option(names = "--expected-split", paramLabel = "ARM=F,ARM=F", description = "The planned split, for the SRM check.")
  String expectedSplit;

  @Option(names = "--assignment", paramLabel = "FILE", description = "Read the planned split from a summary's "
      + "assignment: score's summary.json (with --arm) or the planted generator's generator.json.")
  String assignment;

  @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "0.95",
      description = "Interval level; the mSPRT's alpha is 1 - LEVEL (default: ${DEFAULT-VALUE}).")
  double confidence;

  @Option(names = "--mixing-variance", paramLabel = "TAU2", defaultValue = "0.0025", description = "The mSPRT's "
      + "mixing variance on the relative lift; most powerful for lifts near sqrt(TAU2) (default: ${DEFAULT-VALUE}).")
  double mixingVariance;

  @Option(names = "--srm-threshold", paramLabel = "P", defaultValue = "0.001",
      description = "SRM p-value below which the split is a mismatch (default: ${DEFAULT-VALUE}).")
  double srmThreshold;

  @Option(names = "--report-out", required = true, paramLabel = "DIR", description = "Report directory.")
  String reportOut;

  @Option(names = "--overwrite", description = "Replace an existing report directory (atomically).")
  boolean overwrite;

  @Override
  public Integer call() {
    AbTestJob.Params p = params();
    var spark = session();
    ExpectedSplit split = assignment == null ? p.expected()
        : ExpectedSplit.read(assignment, spark.sparkContext().hadoopConfiguration());
    AbTestReport r = AbTestJob.run(spark, new AbTestJob.Params(p.logs(), p.format(), p.fields(), p.reportOut(),
        p.overwrite(), split, p.options()));
    r.comparisons().forEach(c -> out().printf(java.util.Locale.ROOT,
        "sparkctr abtest: %s %s lift %+.4f [%+.4f, %+.4f], always-valid p %.4g%n", c.arm(), c.metric(), c.lift(),
        c.lower(), c.upper(), c.alwaysValidP()));
    out().printf("sparkctr abtest: sample ratio %s (p %.3g); report %s/%s%n",
        r.sampleRatio().mismatch() ? "MISMATCH" : "ok", r.sampleRatio().pValue(), reportOut, AbTestJob.REPORT);
    return ExitCodes.OK;
  }

  /** The options checked before a Spark session exists (the --assignment file is read after). */
  AbTestJob.Params params() {
    if (expectedSplit != null && assignment != null) {
      throw new IllegalArgumentException("Cannot parse abtest: give --expected-split or --assignment, not both");
    }
    return new AbTestJob.Params(logs, LogFormat.named(format),
        new AbTestJob.Fields(unitField, armField, clickField, valueField, timeField), reportOut, overwrite,
        expectedSplit == null ? null : ExpectedSplit.parse(expectedSplit),
        new AbTestOptions(control, confidence, mixingVariance, srmThreshold));
  }
}
