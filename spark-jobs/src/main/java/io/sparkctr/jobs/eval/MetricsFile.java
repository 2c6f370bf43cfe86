package io.sparkctr.jobs.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.metrics.ModelComparison;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The typed content of {@code metrics.json}, validated by {@value #SCHEMA} (on the classpath and in
 * {@code docs/}): numbers are JSON numbers (counts too), NaN is null and its reason is in the
 * metrics' {@code undefined}.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param confidence the level of every interval
 * @param data what was evaluated
 * @param model the evaluated model
 * @param baseline the baseline, or null
 * @param comparison model minus baseline on the same rows, with paired intervals, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricsFile(int schemaVersion, double confidence, Data data, Model model, Model baseline,
                          ModelComparison comparison) {
  public static final int SCHEMA_VERSION = 2;
  public static final String SCHEMA = "io/sparkctr/eval/metrics.schema.json";

  /**
   * @param features the features directory, or null for raw logs
   * @param logs the raw logs, or null for a feature split
   * @param split the evaluated split ("raw" for logs)
   * @param rowsPerSplit rows written per split by the feature job (raw logs: rows scored)
   * @param quarantinedRows rows the feature job quarantined (raw logs: null, bad rows are not scored)
   * @param trainingNegativeKeepRate the negative downsampling rate of the training data (raw logs: null)
   */
  public record Data(String features, String logs, String split, Map<String, Long> rowsPerSplit, Long quarantinedRows,
                     Double trainingNegativeKeepRate) {
    public static Data of(String features, String split, FeatureManifest m) {
      return new Data(features, null, split, new LinkedHashMap<>(m.counts().written()), m.counts().totalQuarantined(),
          m.downsampling().negativeRate());
    }

    public static Data ofLogs(String logs, long scored) {
      return new Data(null, logs, "raw", Map.of("raw", scored), null, null);
    }

    /** For the report: name → formatted value. */
    public Map<String, String> display() {
      Map<String, String> d = new LinkedHashMap<>();
      if (features != null) {
        d.put("features", features);
      }
      if (logs != null) {
        d.put("raw logs", logs);
      }
      d.put("evaluated split", split);
      rowsPerSplit.forEach((k, v) -> d.put(k + " rows", String.format(Locale.ROOT, "%,d", v)));
      if (quarantinedRows != null) {
        d.put("quarantined rows", String.format(Locale.ROOT, "%,d", quarantinedRows));
      }
      if (trainingNegativeKeepRate != null) {
        d.put("training negative keep-rate", String.valueOf(trainingNegativeKeepRate));
      }
      return d;
    }
  }

  /** One model's entry. */
  public record Model(String path, String type, ModelCard card, MetricsReport metrics, TrainingSummary training) {
    static Model of(ModelEvaluation e) {
      return new Model(e.path(), e.type(), e.card(), e.metrics(), e.training());
    }
  }

  public static MetricsFile of(Data data, double confidence, ModelEvaluation.Set set) {
    return new MetricsFile(SCHEMA_VERSION, confidence, data, Model.of(set.models().get(0)),
        set.models().size() > 1 ? Model.of(set.models().get(1)) : null, set.comparison());
  }
}
