package io.sparkctr.ml;

import io.sparkctr.common.progress.Progress;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.training.BundleTrainer;
import io.sparkctr.training.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CtrClassifier#fit}: the DataFrame's configured columns are written as Parquet under a fresh
 * directory in the work dir, the feature job runs on them exactly as {@code sparkctr features} does
 * on Parquet logs (parse, quarantine, time split, fit on train, transform), and
 * {@link BundleTrainer} trains on the result as {@code sparkctr train} does. The run's directory
 * ({@code raw/}, {@code features/}, {@code checkpoints/}) is removed afterwards unless kept.
 */
final class Fitting {
  private static final Logger LOG = LoggerFactory.getLogger(Fitting.class);

  /** The trained bundle and where the run's files are (gone unless kept). */
  record Result(ModelBundle bundle, String runDir) {}

  private Fitting() {}

  /**
   * @param settings the estimator's settings, parsed once by {@code fit}; the run's paths are set here
   */
  static Result run(Dataset<?> dataset, FitSettings settings, String source, String workDir, boolean keep,
                    String uid) {
    SparkSession spark = dataset.sparkSession();
    var hadoop = spark.sparkContext().hadoopConfiguration();
    Path run = new Path(WorkDir.resolve(spark.sparkContext(), workDir), uid + "-" + UUID.randomUUID());
    FitSettings s = settings.at(new Path(run, "raw").toString(), new Path(run, "features").toString());
    try {
      Column[] cols = s.features().schema().requiredColumns().stream().map(functions::col).toArray(Column[]::new);
      LOG.info("fit: copying the DataFrame's {} configured columns to {}", cols.length, new Path(run, "raw"));
      try (Progress progress = Progress.open(spark.sparkContext(), "fit")) {
        progress.phase("copy the DataFrame's configured columns");
        dataset.select(cols).write().mode(SaveMode.ErrorIfExists).parquet(new Path(run, "raw").toString());
      }
      FeaturePipeline.run(spark, s.features());
      BundleTrainer.Result r = BundleTrainer.train(spark, s.config(), source, s.training(), s.features().outputPath(),
          new Checkpoints(new Path(run, "checkpoints").toString(), hadoop), false, Optional.empty());
      return new Result(r.bundle(), run.toString());
    } finally {
      if (keep) {
        LOG.info("fit: kept its features and checkpoints under {}", run);
      } else {
        delete(run, hadoop);
      }
    }
  }

  private static void delete(Path run, org.apache.hadoop.conf.Configuration hadoop) {
    try {
      FileSystem fs = run.getFileSystem(hadoop);
      fs.delete(run, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove fit's work files " + run + ": " + e.getMessage(), e);
    }
  }
}
