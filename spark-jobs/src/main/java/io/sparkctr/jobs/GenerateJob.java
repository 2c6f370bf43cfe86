package io.sparkctr.jobs;

import io.sparkctr.features.synthetic.AbTestLogWriter;
import io.sparkctr.features.synthetic.PlantedAbTest;
import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkctr generate --rows N --days D --seed S --out PATH [--shape demo|realistic] [--overwrite]
 * [--recent-items]}: planted-truth click logs (see {@link io.sparkctr.features.synthetic.PlantedClickModel}
 * and {@link PlantedShape}); with
 * {@code --recent-items} they carry the multi-valued {@code recent_items} sequence and its planted weight.
 */
public final class GenerateJob {
  public record Params(PlantedShape shape, long rows, int days, long seed, String out, boolean overwrite,
                       boolean recentItems) {
    public Params(long rows, int days, long seed, String out, boolean overwrite, boolean recentItems) {
      this(PlantedShape.DEMO, rows, days, seed, out, overwrite, recentItems);
    }

    public Params(long rows, int days, long seed, String out, boolean overwrite) {
      this(rows, days, seed, out, overwrite, false);
    }
  }

  private GenerateJob() {}


  public static SyntheticLogWriter.Summary run(SparkSession spark, Params p) {
    return SyntheticLogWriter.write(spark, p.shape(), p.rows(), p.days(), p.seed(), p.out(), p.overwrite(), p.recentItems());
  }

  /** {@code generate --shape abtest}: the logs of a planted A/B test ({@link AbTestLogWriter}); returns the rows. */
  public static long runAbTest(SparkSession spark, PlantedAbTest test, String out, boolean overwrite) {
    return AbTestLogWriter.write(spark, test, out, overwrite);
  }
}
