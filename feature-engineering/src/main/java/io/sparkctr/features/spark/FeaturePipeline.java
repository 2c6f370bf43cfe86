package io.sparkctr.features.spark;

import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.config.InputSpec;
import io.sparkctr.features.config.MultiValuedSpec;
import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.config.TimestampSpec;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.parse.ParsedRecord;
import io.sparkctr.features.split.LeakageCheck;
import io.sparkctr.features.split.Split;
import io.sparkctr.features.split.SplitSizeCheck;
import io.sparkctr.features.split.SplitStats;
import io.sparkctr.features.split.TimeSplit;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw impression logs → hashed, time-split feature Parquet plus {@code manifest.json}.
 *
 * <p>Stages: check config against the data (paths, columns) → parse (bad rows, including
 * implausible timestamps, quarantined) → tally and enforce the bad-row limit → resolve the time
 * split → check the split for leakage and for its minimum sizes ({@code split.min-rows}) →
 * fit quantiles, standardization and vocabularies on train only → transform and write each split
 * (training negatives downsampled) → write the quarantine → reconcile row counts → publish.
 * Everything is written under a staging directory and published by one rename; a failure at
 * any stage leaves nothing at the output path.
 *
 * <p>Output layout: {@code train/}, {@code validation/}, {@code test/} (Parquet, see
 * {@link FeatureOutputSchema}), {@code quarantine/} (JSON lines), {@code manifest.json}.
 */
public final class FeaturePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(FeaturePipeline.class);

  private FeaturePipeline() {}

  /** Runs the feature job; returns the published manifest. */
  public static FeatureManifest run(SparkSession spark, FeatureConfig cfg) {
    long started = System.nanoTime();
    StagedOutput out = StagedOutput.begin(cfg.outputPath(), cfg.overwrite(),
        spark.sparkContext().hadoopConfiguration(), OutputGuard.Read.concat(OutputGuard.Read.configs(cfg.configFiles()),
            OutputGuard.Read.input(cfg.input().path())));
    JavaRDD<ParseOutcome> outcomes = null;
    Progress progress = Progress.open(spark.sparkContext(), "features"); // job descriptions and progress lines
    try {
      RawInput raw = RawInputReader.read(spark, cfg.input(), cfg.schema());
      LOG.info("[1/6] Reading {} file(s) of {} input at {}", raw.files(), cfg.input().format(), cfg.input().path());
      outcomes = raw.outcomes().persist(StorageLevel.MEMORY_AND_DISK());
      progress.phase("[2/6] parse, check and tally the rows");
      InputTally tally = outcomes.aggregate(new InputTally(), InputTally::add, InputTally::merge);
      LOG.info("[2/6] Parsed {} rows ({} header lines skipped): {} good, {} quarantined {}", tally.rows,
          raw.headerLines(), tally.good, tally.totalBad(), tally.badByReason());
      checkBadRows(tally, cfg);
      if (tally.good == 0) {
        throw new IllegalArgumentException("Cannot build features: no good rows in " + cfg.input().path());
      }

      ZoneId zone = ZoneId.of(cfg.schema().timestamp().zone());
      TimeSplit split = TimeSplit.resolve(cfg.split(), zone, tally.minTimestamp, tally.maxTimestamp);
      JavaRDD<ParsedRecord> records = outcomes.filter(ParseOutcome::isOk).map(o -> o.record);
      progress.phase("[3/6] split by time and check the splits");
      Map<Split, SplitStats> stats = splitStats(records, split);
      LOG.info("[3/6] Split {} .. {}: validation from {}, test from {}; rows {}",
          Instant.ofEpochSecond(tally.minTimestamp), Instant.ofEpochSecond(tally.maxTimestamp),
          Instant.ofEpochSecond(split.validationStart()), Instant.ofEpochSecond(split.testStart()), rowsOf(stats));
      LeakageCheck.verify(stats, split);
      SplitSizeCheck.verify(stats, split, cfg.split(), tally.minTimestamp, tally.maxTimestamp);

      JavaRDD<ParsedRecord> train = records.filter(r -> split.assign(r.timestamp) == Split.TRAIN);
      progress.phase("[4/6] fit on the training split");
      FeatureManifest manifest = FeatureFitter.fit(spark, train, cfg, draft(cfg, raw.parser().columns(), split,
          tally));
      LOG.info("[4/6] Fitted on the training split: {} index slots, {} pooled fields, {} dense values,"
          + " index tables {}",
          manifest.slots().size(), manifest.multiValued().size(), manifest.dense().size(),
          manifest.indexTables().stream().map(t -> t.name() + " 2^" + t.bits() + " (" + t.fields().size()
              + " fields)").toList());

      Map<String, Long> written = new TreeMap<>();
      Map<String, Long> positives = new TreeMap<>();
      for (Split s : Split.values()) {
        progress.phase("[5/6] transform and write " + s.dirName());
        long n = FeatureWriter.writeSplit(spark, records, manifest, split, s, out.stagingChild(s.dirName()));
        written.put(s.dirName(), n);
        positives.put(s.dirName(), stats.get(s).positives());
        LOG.info("[5/6] Wrote {} rows of {}", n, s.dirName());
      }
      progress.phase("[5/6] write the quarantine");
      long quarantined = FeatureWriter.writeQuarantine(spark, outcomes, out.stagingChild(FeatureWriter.QUARANTINE_DIR));
      FeatureManifest.Counts counts = reconcile(tally, stats, written, positives, quarantined, raw.headerLines(),
          cfg.schema().multiValued().stream().map(MultiValuedSpec::field).toList());
      counts.truncated().forEach((f, n) -> {
        if (n > 0) {
          LOG.info("Multi-valued field {}: {} rows truncated to max-length, {} items dropped", f, n,
              counts.truncatedItems().get(f));
        }
      });
      manifest = manifest.withCounts(counts);
      out.writeText(FeatureManifest.FILE_NAME, manifest.toJson());
      out.publish();
      LOG.info("[6/6] Published {} in {} s: read {} = written {} + quarantined {} + downsampled {}", out.target(),
          (System.nanoTime() - started) / 1_000_000_000L, counts.rowsRead(), written, counts.quarantined(),
          counts.downsampled());
      counts.warnings().forEach(w -> LOG.warn("Features {}: {}", out.target(), w));
      return manifest;
    } finally {
      progress.close();
      out.close();
      if (outcomes != null) {
        outcomes.unpersist(true); // blocking: a job that stops Spark next would log a rejected block removal
      }
    }
  }

  private static void checkBadRows(InputTally tally, FeatureConfig cfg) {
    double fraction = tally.rows == 0 ? 0 : (double) tally.totalBad() / tally.rows;
    if (fraction > cfg.maxBadFraction()) {
      throw new IllegalArgumentException(String.format(
          "Cannot build features: %d of %d rows (%.4f) are bad, above quarantine.max-bad-fraction %s; "
              + "worst reasons %s; e.g. %s", tally.totalBad(), tally.rows, fraction, cfg.maxBadFraction(),
          tally.badByReason(), tally.examples));
    }
  }

  private static Map<Split, SplitStats> splitStats(JavaRDD<ParsedRecord> records, TimeSplit split) {
    SplitStats[] zero = {SplitStats.EMPTY, SplitStats.EMPTY, SplitStats.EMPTY};
    SplitStats[] agg = records.aggregate(zero, (acc, r) -> {
      SplitStats[] a = acc.clone();
      int i = split.assign(r.timestamp).ordinal();
      a[i] = a[i].add(r.label, r.timestamp);
      return a;
    }, (a, b) -> new SplitStats[] {a[0].merge(b[0]), a[1].merge(b[1]), a[2].merge(b[2])});
    Map<Split, SplitStats> out = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      out.put(s, agg[s.ordinal()]);
    }
    return out;
  }

  private static Map<String, Long> rowsOf(Map<Split, SplitStats> stats) {
    Map<String, Long> m = new TreeMap<>();
    stats.forEach((s, st) -> m.put(s.dirName(), st.rows()));
    return m;
  }

  /**
   * Checks every row is accounted for: evaluation splits written whole, training at most its rows,
   * quarantine written whole; the rest of training is what downsampling dropped.
   */
  private static FeatureManifest.Counts reconcile(InputTally tally, Map<Split, SplitStats> stats,
                                                  Map<String, Long> written, Map<String, Long> positives,
                                                  long quarantinedWritten, long headerLines,
                                                  List<String> multiValued) {
    for (Split s : List.of(Split.VALIDATION, Split.TEST)) {
      if (written.get(s.dirName()) != stats.get(s).rows()) {
        throw new IllegalStateException("Cannot account for every row: " + s.dirName() + " has "
            + stats.get(s).rows() + " rows but " + written.get(s.dirName()) + " were written");
      }
    }
    if (quarantinedWritten != tally.totalBad()) {
      throw new IllegalStateException("Cannot account for every row: " + tally.totalBad()
          + " bad rows but " + quarantinedWritten + " quarantined");
    }
    long trainRows = stats.get(Split.TRAIN).rows();
    long downsampled = trainRows - written.get(Split.TRAIN.dirName());
    if (downsampled < 0) {
      throw new IllegalStateException("Cannot account for every row: train has " + trainRows + " rows but "
          + written.get(Split.TRAIN.dirName()) + " were written");
    }
    return new FeatureManifest.Counts(tally.rows, headerLines, written, positives, tally.badByReason(), downsampled,
        tally.truncation(multiValued, false), tally.truncation(multiValued, true));
  }

  private static FeatureManifest draft(FeatureConfig cfg, List<String> columns, TimeSplit split, InputTally tally) {
    InputSpec in = cfg.input();
    SchemaSpec s = cfg.schema();
    TimestampSpec ts = s.timestamp();
    return new FeatureManifest(FeatureManifest.FORMAT_VERSION,
        new FeatureManifest.RawInput(in.format().name().toLowerCase(), in.header(), String.valueOf(in.separator()),
            columns, in.missingValues(), in.format().isText() ? in.quote() : "", in.format().isText() && in.multiline()),
        new FeatureManifest.Fields(s.label(), s.id().orElse(null), s.group().orElse(null), s.categorical(),
            s.numeric(), ts.isFileDay() ? null : ts.field(), ts.format(), ts.zone(), ts.fileDayPattern()),
        new FeatureManifest.Hashing(cfg.hashing().bits(), cfg.hashing().seed(), 0), List.of(), List.of(),
        new FeatureManifest.Downsampling(cfg.downsampling().negativeRate(), cfg.downsampling().seed()),
        new FeatureManifest.SplitBoundaries(cfg.split().mode().configName(),
            Instant.ofEpochSecond(split.validationStart()).toString(), Instant.ofEpochSecond(split.testStart()).toString(),
            Instant.ofEpochSecond(tally.minTimestamp).toString(), Instant.ofEpochSecond(tally.maxTimestamp).toString()),
        null);
  }
}
