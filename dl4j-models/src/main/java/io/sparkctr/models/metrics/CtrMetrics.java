package io.sparkctr.models.metrics;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable accumulator of every CTR metric in {@link MetricsReport}: each partition adds its
 * (label, prediction, group, timestamp, slice values) rows, partials are merged, {@link #report()}
 * computes.
 *
 * <p>Memory is bounded whatever the row count: the overall {@link ScoreHistogram}
 * (24 bytes × {@code histogram-bins}, 1.5 MiB by default), 24 bytes × {@code slice-histogram-bins}
 * (96 KiB) per day and per slice value held (at most {@code max-slice-values} per field), and for
 * GAUC, when rows are added with their group, an exact {@link ScoreCounts} per group: about 100 bytes
 * plus 24 bytes × its rows rounded up to a power of two (at least 4) — 440 bytes for a 10-row group,
 * measured. On Spark the groups are instead shuffled by group and reduced to a {@link GaucSummary}
 * ({@link #withGauc}), so neither the partials nor the driver hold them.
 *
 * <p>A model trained on negatives kept with probability r predicts p' on the downsampled
 * distribution, whose odds are 1/r times the true odds; each prediction is recalibrated to
 * p = p' / (p' + (1 − p') / r) before it counts. A positive-class weight w multiplies the learnt
 * odds by w, so the factor is r / w in general ({@code ModelSpec#recalibrationFactor}). With a
 * factor of 1 predictions are used as they are.
 */
public final class CtrMetrics implements Serializable {
  private final double recalibrationFactor;
  // the options as plain fields: Spark's Kryo cannot rebuild records or immutable lists (task results)
  private final int histogramBins;
  private final int sliceBins;
  private final int calibrationBins;
  private final double confidence;
  private final String[] sliceFields;
  private final int maxSliceValues;
  private final int topSliceValues;
  private final int bootstrapReplicates;
  private final int bootstrapBins;
  private final long seed;
  private final SliceMetrics overall;
  private final Map<String, ScoreCounts> groups = new HashMap<>();
  /** GAUC sums computed elsewhere (after a shuffle by group, {@link #withGauc}); merged into the report. */
  private GaucSummary external = new GaucSummary();
  private final Map<Long, SliceMetrics> days = new HashMap<>();
  private final SliceValues[] slices;

  /**
   * @param recalibrationFactor the odds factor r ({@code ModelSpec#recalibrationFactor}): the
   *     training negative keep-rate recorded in the feature manifest (1 = none), divided by the
   *     positive-class weight if one was used
   * @param options resolutions, intervals and slices
   */
  public CtrMetrics(double recalibrationFactor, MetricsOptions options) {
    if (!(recalibrationFactor > 0 && Double.isFinite(recalibrationFactor))) {
      throw new IllegalArgumentException("Cannot compute metrics: recalibration factor " + recalibrationFactor
          + " must be finite and > 0");
    }
    this.recalibrationFactor = recalibrationFactor;
    this.histogramBins = options.histogramBins();
    this.sliceBins = options.sliceBins();
    this.calibrationBins = options.calibrationBins();
    this.confidence = options.confidence();
    this.sliceFields = options.sliceFields().toArray(new String[0]);
    this.maxSliceValues = options.maxSliceValues();
    this.topSliceValues = options.topSliceValues();
    this.bootstrapReplicates = options.bootstrapReplicates();
    this.bootstrapBins = options.bootstrapBins();
    this.seed = options.seed();
    this.overall = new SliceMetrics(options.histogramBins());
    this.slices = new SliceValues[options.sliceFields().size()];
    for (int i = 0; i < slices.length; i++) {
      slices[i] = new SliceValues(options.sliceBins(), options.maxSliceValues());
    }
  }

  /** Default options with {@code calibrationBins} reliability bins. */
  public CtrMetrics(double recalibrationFactor, int calibrationBins) {
    this(recalibrationFactor, new MetricsOptions(MetricsOptions.DEFAULT_HISTOGRAM_BINS,
        MetricsOptions.DEFAULT_SLICE_BINS, calibrationBins, MetricsOptions.DEFAULT_CONFIDENCE, List.of(),
        MetricsOptions.DEFAULT_MAX_SLICE_VALUES, MetricsOptions.DEFAULT_TOP_SLICE_VALUES,
        MetricsOptions.DEFAULT_BOOTSTRAP_REPLICATES, MetricsOptions.DEFAULT_BOOTSTRAP_BINS, MetricsOptions.DEFAULT_SEED));
  }

  /** The one recalibration of a model probability p': p' / (p' + (1 − p') / r), r the recalibration factor. */
  public static double recalibrate(double p, double recalibrationFactor) {
    return recalibrationFactor == 1 ? p : p / (p + (1 - p) / recalibrationFactor);
  }

  public MetricsOptions options() {
    return new MetricsOptions(histogramBins, sliceBins, calibrationBins, confidence, List.of(sliceFields),
        maxSliceValues, topSliceValues, bootstrapReplicates, bootstrapBins, seed);
  }

  /**
   * @param group the group key (e.g. user id) for GAUC, or null
   * @param timestamp epoch seconds, for per-day metrics
   */
  public CtrMetrics add(int label, double prediction, String group, long timestamp) {
    return add(label, prediction, group, timestamp, null);
  }

  /** As {@link #add(int, double, String, long)} with the values of the configured slice fields (null = missing). */
  public CtrMetrics add(int label, double prediction, String group, long timestamp, String[] sliceValues) {
    if (!(prediction >= 0 && prediction <= 1)) {
      throw new IllegalArgumentException("Cannot add prediction " + prediction + ": not a probability");
    }
    double p = recalibrate(prediction, recalibrationFactor);
    overall.add(label, p);
    if (group != null) {
      groups.computeIfAbsent(group, g -> new ScoreCounts()).add(p, label);
    }
    days.computeIfAbsent(Math.floorDiv(timestamp, 86_400L), d -> new SliceMetrics(sliceBins)).add(label, p);
    for (int i = 0; i < slices.length; i++) {
      slices[i].add(sliceValues == null ? null : sliceValues[i], label, p);
    }
    return this;
  }

  public CtrMetrics merge(CtrMetrics o) {
    if (o.recalibrationFactor != recalibrationFactor || !o.options().equals(options())) {
      throw new IllegalArgumentException("Cannot merge metrics recalibrated with rates " + recalibrationFactor + " and "
          + o.recalibrationFactor + " or computed with other options");
    }
    overall.merge(o.overall);
    o.groups.forEach((k, v) -> groups.merge(k, v, ScoreCounts::merge));
    external.merge(o.external);
    o.days.forEach((k, v) -> days.merge(k, v, SliceMetrics::merge));
    for (int i = 0; i < slices.length; i++) {
      slices[i].merge(o.slices[i]);
    }
    return this;
  }

  /**
   * Adds GAUC sums computed where the groups are (rows added here without a group), so the groups
   * need not be held here: see {@code GroupAuc} in spark-training.
   */
  public CtrMetrics withGauc(GaucSummary g) {
    external.merge(g);
    return this;
  }

  /** The overall score histogram (curves, class histograms). */
  public ScoreHistogram scores() {
    return overall.histogram();
  }

  public SliceMetrics overall() {
    return overall;
  }

  public long count() {
    return overall.count();
  }

  public MetricsReport report() {
    double level = confidence;
    SliceReport all = overall.report("all", level);
    long count = overall.count();
    long positives = overall.positives();
    double rate = count == 0 ? Double.NaN : (double) positives / count;
    double entropy = -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate));
    Map<String, String> undefined = new LinkedHashMap<>();
    if (Double.isNaN(all.auc())) {
      undefined.put("auc", count + " rows with " + positives + " clicks: AUC needs both classes");
    }
    if (positives == 0 || positives == count) {
      undefined.put("normalizedEntropy", "click rate " + rate + ": the base rate has no entropy");
      undefined.put("calibration", "click rate " + rate + ": no clicks to calibrate against");
    }
    GaucSummary g = new GaucSummary().merge(external);
    for (ScoreCounts group : groups.values()) {
      g.merge(GaucSummary.of(group));
    }
    if (Double.isNaN(g.gauc())) {
      undefined.put("gauc", !g.any() ? "no group field" : "all " + g.skipped() + " groups have one class only");
    }
    Map<String, SliceReport> perDay = new TreeMap<>();
    days.forEach((d, s) -> perDay.put(LocalDate.ofEpochDay(d).toString(), s.report(LocalDate.ofEpochDay(d).toString(),
        level)));
    Map<String, List<SliceReport>> sliceReports = new LinkedHashMap<>();
    for (int i = 0; i < slices.length; i++) {
      sliceReports.put(sliceFields[i], slices[i].report(topSliceValues, level));
    }
    List<CalibrationBin> reliability = ScoreCurves.quantileBins(overall.histogram(), calibrationBins);
    return new MetricsReport(count, positives, all.auc(), all.aucCi(), all.aucErrorBound(),
        overall.histogram().bins(), all.logloss(), all.loglossCi(), all.logloss() / entropy, all.calibration(),
        ScoreCurves.expectedCalibrationError(reliability), g.gauc(), g.groups(), g.skipped(), g.skippedRows(),
        g.any() ? (double) g.skipped() / (g.groups() + g.skipped()) : Double.NaN, perDay, sliceReports, reliability,
        undefined);
  }
}
