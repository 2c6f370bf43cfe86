package io.sparkctr.jobs.bench;

import io.sparkctr.features.manifest.FeatureManifest;
import com.typesafe.config.Config;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.TrainJob;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.models.train.TrainSchedule;
import io.sparkctr.training.Exchange;
import io.sparkctr.training.TrainSettings;
import io.sparkctr.training.data.FeatureParquet;
import io.sparkctr.training.tables.sharded.ShardedSession;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkctr bench-train --conf FILE [--set K=V]... --features DIR --workdir DIR [--masters a,b] [--single-jvm]}:
 * trains the configured model with the {@code train} job on the current Spark master (local[2],
 * local-cluster[2,1,MB], a cluster) once per training master (default: the configured one) and,
 * with {@code --single-jvm}, with {@code LocalTrainer} on the same rows and epochs; prints
 * examples/second (mean over epochs), validation AUC, wall time (the train job's from its start to
 * the published model; the one JVM's from reading the rows to its last validation), the part of it
 * spent fitting epochs and the rest (fixed: reading, table servers, validation, checkpoints,
 * publishing; per epoch and per run), then per epoch the AUC,
 * examples/second, the bytes the workers exchanged and, with sharded tables, the rows' traffic and how
 * long the workers waited for other shards.
 */
public final class TrainBenchmark {
  /**
   * @param config the merged config (file and {@code --set} over the defaults), validated by the caller
   * @param source names it in messages and the bundles' lineage
   * @param settings {@code sparkctr.training} of {@code config}, parsed by the caller
   *     ({@link TrainJob#checkConfig}): the default master and the single-JVM schedule
   */
  public record Params(Config config, String source, TrainSettings settings, String features, String workdir,
                       List<String> masters, boolean singleJvm) {}

  private TrainBenchmark() {}


  public static String run(SparkSession spark, Params p) {
    Config config = p.config();
    TrainSettings settings = p.settings();
    String master = spark.sparkContext().master();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "| trainer | master | epochs run | examples/s | validation AUC | wall s | fit s | fixed s |%n"
        + "|---|---|---|---|---|---|---|---|%n"));
    List<String> masters = p.masters().isEmpty()
        ? List.of(settings.master().configName()) : p.masters();
    StringBuilder perEpoch = new StringBuilder(String.format(Locale.ROOT, "%n| trainer | epoch | validation AUC "
        + "| examples/s | MB exchanged | bytes/step | exchange | sharded tables |%n|---|---|---|---|---|---|---|---|%n"));
    TrainJob.Result r = null;
    for (String m : masters) {
      String out = p.workdir() + "/bench-train-" + m;
      Config c = ConfigFactory.parseString("sparkctr.training.master = " + m).withFallback(config);
      long t0 = System.nanoTime();
      r = TrainJob.run(spark, new TrainJob.Params(c, p.source(), p.features(), out,
          TrainJob.defaultCheckpoints(out), false, true));
      sb.append(row(m, master, r.training().state().epochs(), r.training().validation().auc(),
          (System.nanoTime() - t0) / 1e9));
      List<ShardedSession.Traffic> tables = r.training().tableTraffic();
      for (int i = 0; i < r.training().exchanges().size(); i++) {
        EpochStats e = r.training().state().epochs().get(i);
        Exchange x = r.training().exchanges().get(i);
        String sharded = i < tables.size() ? String.format(Locale.ROOT, "%.1f MB in %,d requests, %.1f s waited",
            tables.get(i).bytes() / 1e6, tables.get(i).requests(), tables.get(i).waitSeconds()) : "—";
        perEpoch.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %,.0f | %.1f | %,.0f | %s | %s |%n", m,
            e.epoch(), e.validationAuc(), e.examplesPerSecond(), x.bytes() / 1e6, x.bytesPerStep(), x.detail(),
            sharded));
      }
    }
    if (p.singleJvm()) {
      long t1 = System.nanoTime();  // reading the rows counts, as the train job's reading does
      FeatureManifest m = FeatureParquet.manifest(spark, p.features());
      List<FeatureRow> train = FeatureParquet.collect(spark, p.features(), m, Split.TRAIN, 5_000_000);
      List<FeatureRow> val = FeatureParquet.collect(spark, p.features(), m, Split.VALIDATION, 5_000_000);
      LocalTrainer.Result l = LocalTrainer.train(r.bundle().spec(), train, val, settings.schedule(),
          m.downsampling().negativeRate());
      sb.append(row("single JVM (LocalTrainer)", "none", l.epochs(), l.validation().auc(),
          (System.nanoTime() - t1) / 1e9));
      for (EpochStats e : l.epochs()) {
        perEpoch.append(String.format(Locale.ROOT, "| single JVM | %d | %.4f | %,.0f | 0 | 0 | none | — |%n",
            e.epoch(), e.validationAuc(), e.examplesPerSecond()));
      }
    }
    return sb.append(perEpoch).toString();
  }

  /** The summary row; fit s = the epochs' fit seconds, fixed s = the rest of the wall time. */
  static String row(String trainer, String master, List<EpochStats> epochs, double auc, double seconds) {
    double speed = epochs.stream().mapToDouble(EpochStats::examplesPerSecond).average().orElse(0);
    double fit = epochs.stream().mapToDouble(EpochStats::seconds).sum();
    return String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %.4f | %.1f | %.1f | %.1f |%n", trainer, master,
        epochs.size(), speed, auc, seconds, fit, seconds - fit);
  }
}
