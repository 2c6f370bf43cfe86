package io.sparkctr.models.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;
import java.util.List;

/**
 * {@code sparkctr.evaluation}: how metrics are accumulated and reported (see
 * {@code conf/defaults.conf}). Validated at construction.
 *
 * @param histogramBins cells of the overall score histogram (AUC error bound ≈ 1e-4 at 65,536)
 * @param sliceBins cells of each per-day and per-slice histogram
 * @param calibrationBins reliability bins by prediction quantile
 * @param confidence level of every interval (e.g. 0.95)
 * @param sliceFields raw fields to slice by (available where raw logs are scored: the nightly gate)
 * @param maxSliceValues distinct values held per field and partition; later values count as "(other)"
 * @param topSliceValues values reported per field, by count; the rest are summed into "(other)"
 * @param bootstrapReplicates Poisson bootstrap replicates of a paired comparison
 * @param bootstrapBins cells of each replicate's histograms
 * @param seed seed of the bootstrap weights
 */
public record MetricsOptions(int histogramBins, int sliceBins, int calibrationBins, double confidence,
                             List<String> sliceFields, int maxSliceValues, int topSliceValues, int bootstrapReplicates,
                             int bootstrapBins, long seed) implements Serializable {
  public static final String ROOT = "sparkctr.evaluation";
  public static final String HISTOGRAM_BINS = "histogram-bins";
  public static final int DEFAULT_HISTOGRAM_BINS = ScoreHistogram.DEFAULT_BINS;
  public static final String SLICE_BINS = "slice-histogram-bins";
  public static final int DEFAULT_SLICE_BINS = ScoreHistogram.SLICE_BINS;
  public static final String CALIBRATION_BINS = "calibration-bins";
  public static final int DEFAULT_CALIBRATION_BINS = 20;
  public static final String CONFIDENCE = "confidence";
  public static final double DEFAULT_CONFIDENCE = 0.95;
  public static final String SLICES = "slices";
  public static final String MAX_SLICE_VALUES = "max-slice-values";
  public static final int DEFAULT_MAX_SLICE_VALUES = 100;
  public static final String TOP_SLICE_VALUES = "top-slice-values";
  public static final int DEFAULT_TOP_SLICE_VALUES = 20;
  public static final String BOOTSTRAP_REPLICATES = "bootstrap-replicates";
  public static final int DEFAULT_BOOTSTRAP_REPLICATES = 200;
  public static final String BOOTSTRAP_BINS = "bootstrap-histogram-bins";
  public static final int DEFAULT_BOOTSTRAP_BINS = 1024;
  public static final String SEED = "seed";
  public static final long DEFAULT_SEED = 15;

  public static final MetricsOptions DEFAULT = new MetricsOptions(DEFAULT_HISTOGRAM_BINS, DEFAULT_SLICE_BINS,
      DEFAULT_CALIBRATION_BINS, DEFAULT_CONFIDENCE, List.of(), DEFAULT_MAX_SLICE_VALUES, DEFAULT_TOP_SLICE_VALUES,
      DEFAULT_BOOTSTRAP_REPLICATES, DEFAULT_BOOTSTRAP_BINS, DEFAULT_SEED);

  public MetricsOptions {
    sliceFields = List.copyOf(sliceFields);
    check(histogramBins >= 2 && histogramBins <= ScoreHistogram.MAX_BINS, HISTOGRAM_BINS, histogramBins);
    check(sliceBins >= 2 && sliceBins <= ScoreHistogram.MAX_BINS, SLICE_BINS, sliceBins);
    check(calibrationBins >= 1, CALIBRATION_BINS, calibrationBins);
    check(confidence > 0 && confidence < 1, CONFIDENCE, confidence);
    check(maxSliceValues >= 1, MAX_SLICE_VALUES, maxSliceValues);
    check(topSliceValues >= 1, TOP_SLICE_VALUES, topSliceValues);
    check(bootstrapReplicates >= 20, BOOTSTRAP_REPLICATES, bootstrapReplicates);
    check(bootstrapBins >= 2 && bootstrapBins <= ScoreHistogram.MAX_BINS, BOOTSTRAP_BINS, bootstrapBins);
    for (String f : sliceFields) {
      check(f != null && !f.isBlank(), SLICES, sliceFields);
    }
  }

  private static void check(boolean ok, String key, Object value) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot configure evaluation: " + ROOT + "." + key + " = " + value
          + " is out of range (see conf/defaults.conf)");
    }
  }

  /** Reads {@value #ROOT} of a config with the defaults of {@code conf/defaults.conf} already applied. */
  public static MetricsOptions from(Config root, String source) {
    try {
      Config c = root.getConfig(ROOT);
      return new MetricsOptions(c.getInt(HISTOGRAM_BINS), c.getInt(SLICE_BINS), c.getInt(CALIBRATION_BINS),
          c.getDouble(CONFIDENCE), c.getStringList(SLICES), c.getInt(MAX_SLICE_VALUES), c.getInt(TOP_SLICE_VALUES),
          c.getInt(BOOTSTRAP_REPLICATES), c.getInt(BOOTSTRAP_BINS), c.getLong(SEED));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }

  public MetricsOptions withSliceFields(List<String> fields) {
    return new MetricsOptions(histogramBins, sliceBins, calibrationBins, confidence, fields, maxSliceValues,
        topSliceValues, bootstrapReplicates, bootstrapBins, seed);
  }
}
