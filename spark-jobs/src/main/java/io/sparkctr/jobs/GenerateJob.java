package io.sparkctr.jobs;

import io.sparkctr.features.synthetic.SyntheticLogWriter;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkctr generate --rows N --days D --seed S --out PATH [--overwrite]}: planted-truth click
 * logs (see {@link io.sparkctr.features.synthetic.PlantedClickModel}).
 */
public final class GenerateJob {
  public record Params(long rows, int days, long seed, String out, boolean overwrite) {}

  private GenerateJob() {}


  public static SyntheticLogWriter.Summary run(SparkSession spark, Params p) {
    return SyntheticLogWriter.write(spark, p.rows(), p.days(), p.seed(), p.out(), p.overwrite());
  }
}
