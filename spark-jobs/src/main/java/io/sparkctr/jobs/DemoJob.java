package io.sparkctr.jobs;

import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkctr demo [--workdir DIR] [--rows N] [--days D] [--seed S] [--conf FILE]}: generates
 * planted-truth logs and runs the feature job on them, printing what came out. The working
 * directory's outputs are replaced on every run.
 */
public final class DemoJob {
  public static final String DEFAULT_PRESET = "conf/presets/synthetic.conf";

  public record Params(String workdir, long rows, int days, long seed, File conf) {}

  private DemoJob() {}

  public static Params parse(List<String> args) {
    CommandLine cl = CommandLine.parse("demo", args, Set.of("workdir", "rows", "days", "seed", "conf"), Set.of());
    String home = System.getProperty("sparkctr.home", ".");
    File conf = cl.optional("conf") != null ? new File(cl.optional("conf")) : new File(home, DEFAULT_PRESET);
    String workdir = cl.optional("workdir") != null ? cl.optional("workdir") : new File(home, "work/demo").getPath();
    return new Params(workdir, cl.longValue("rows", 200_000), (int) cl.longValue("days", 7), cl.longValue("seed", 1),
        conf);
  }

  public static String run(SparkSession spark, Params p) {
    String data = p.workdir() + "/data";
    String features = p.workdir() + "/features";
    SyntheticLogWriter.Summary gen = SyntheticLogWriter.write(spark, p.rows(), p.days(), p.seed(), data, true);
    FeatureConfig cfg = FeatureConfig.load(p.conf()).withPaths(data + "/" + SyntheticLogWriter.LOGS, features)
        .withOverwrite();
    FeatureManifest m = FeatureJob.run(spark, cfg);
    FeatureManifest.Counts c = m.counts();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%nsparkctr demo: %,d planted rows over %d days, base rate %.4f, "
            + "logloss of the true probabilities %.4f%n", gen.rows(), gen.days(), (double) gen.positives() / gen.rows(),
        gen.bestLogloss()));
    sb.append(String.format(Locale.ROOT, "%-12s %10s %10s%n", "split", "rows", "positives"));
    for (String s : List.of("train", "validation", "test")) {
      sb.append(String.format(Locale.ROOT, "%-12s %,10d %,10d%n", s, c.written().get(s), c.positives().get(s)));
    }
    sb.append(String.format(Locale.ROOT, "quarantined %s, downsampled %,d, %d index slots in 2^%d, %d dense%n",
        c.quarantined(), c.downsampled(), m.slots().size(), m.hashing().bits(), m.dense().size()));
    sb.append("features: ").append(features).append("  (manifest: ").append(features).append("/")
        .append(FeatureManifest.FILE_NAME).append(")\n");
    return sb.toString();
  }
}
