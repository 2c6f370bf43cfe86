package io.sparkctr.training;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.data.InputLayout;
import io.sparkctr.models.data.MiniBatch;
import io.sparkctr.training.data.FeatureParquet;
import io.sparkctr.training.data.FeatureRowReader;
import io.sparkctr.training.executor.GpuAffinity;
import io.sparkctr.training.executor.TaskSetup;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import io.sparkctr.training.tables.ExecutorTables;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Feature rows → minibatches, built inside the executors partition by partition (nothing is
 * collected to the driver) as plain arrays ({@link MiniBatch}), which become DL4J's DataSets in the
 * tasks that fit them ({@link #dataSets}). Each epoch reshuffles: rows get a seeded random key, are
 * hash-partitioned on it into {@code workers} partitions and sorted by it within each — one shuffle,
 * no global sort.
 */
public final class TrainingBatches {
  private static final String KEY = "_shuffle_key";

  private TrainingBatches() {}

  /**
   * @param rows a split from {@link FeatureParquet#split}
   * @param seed the epoch's shuffle seed (same seed, same order)
   * @param tables the embedding tables for executor JVMs (null in local mode), installed before
   *     DL4J's worker builds its graph in the task
   */
  public static JavaRDD<MiniBatch> shuffled(Dataset<Row> rows, int workers, long seed, int batchSize,
                                          InputLayout layout, ExecutorTables.Ref tables) {
    Dataset<Row> shuffled = rows.withColumn(KEY, functions.rand(seed))
        .repartition(workers, functions.col(KEY)).sortWithinPartitions(KEY).drop(KEY);
    TaskSetup setup = taskSetup(tables);
    return FeatureRowReader.rows(shuffled).mapPartitions(it -> {
      setup.run();
      return new BatchIterator(it, batchSize, layout);
    });
  }

  /** The minibatches as the DataSets the graphs fit, made in the tasks that read them. */
  public static JavaRDD<DataSet> dataSets(JavaRDD<MiniBatch> minibatches) {
    return minibatches.map(MiniBatch::toDataSet);
  }

  /**
   * What every task that fits these minibatches runs first: bind its GPU, install the embedding
   * tables (null in local mode) — also the tasks that read them back from a shuffle, such as
   * parameter averaging's rounds.
   */
  public static TaskSetup taskSetup(ExecutorTables.Ref tables) {
    return () -> {
      GpuAffinity.bindCurrentTask();
      ExecutorTables.ensure(tables);
    };
  }

  /** Groups consecutive rows into minibatches of {@code batchSize} (the last one may be smaller). */
  static final class BatchIterator implements Iterator<MiniBatch> {
    private final Iterator<FeatureRow> rows;
    private final int batchSize;
    private final InputLayout layout;

    BatchIterator(Iterator<FeatureRow> rows, int batchSize, InputLayout layout) {
      this.rows = rows;
      this.batchSize = batchSize;
      this.layout = layout;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public MiniBatch next() {
      if (!rows.hasNext()) {
        throw new NoSuchElementException();
      }
      List<FeatureRow> batch = new ArrayList<>(batchSize);
      while (rows.hasNext() && batch.size() < batchSize) {
        batch.add(rows.next());
      }
      return Batches.arrays(batch, null, 0, batch.size(), layout);
    }
  }
}
