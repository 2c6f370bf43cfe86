package io.sparkctr.training.paramavg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.models.data.MiniBatch;
import io.sparkctr.training.executor.TaskSetup;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.dataset.DataSetToMultiDataSetFn;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Rounds split from plain minibatches hold what DL4J's master of a ComputationGraph would split
 * itself: MultiDataSets (what {@code SparkComputationGraph.fit} maps DataSets to), the same values,
 * each minibatch once, in order; one round is DL4J's own view of the data.
 */
@Tag("integration")
class PlainRoundsTest {
  @Test
  void roundsOfPlainMinibatchesAreTheGraphsInputsInOrder() throws Exception {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    List<MiniBatch> batches = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      float[] x = new float[4 * 3];
      float[] y = new float[4];
      for (int i = 0; i < x.length; i++) {
        x[i] = 100 * b + i;
      }
      y[b % 4] = 1;
      batches.add(new MiniBatch(x, y, 3));
    }
    JavaRDD<MiniBatch> plain = sc.parallelize(batches, 1);
    JavaRDD<MultiDataSet> view = plain.map(MiniBatch::toDataSet).map(new DataSetToMultiDataSetFn());
    OnePassAveragingMaster m = master();
    m.expect(5, TaskSetup.NONE, plain);

    JavaRDD<MultiDataSet>[] rounds = m.getSplitRDDs(view, 5, 4);

    assertEquals(3, rounds.length, "2 minibatches per round (1 worker, averaging every 2)");
    List<float[]> seen = new ArrayList<>();
    for (JavaRDD<MultiDataSet> r : rounds) {
      seen.addAll(r.map(PlainRoundsTest::values).collect()); // INDArrays stay in the tasks
    }
    List<float[]> want = view.map(PlainRoundsTest::values).collect();
    assertEquals(5, seen.size());
    for (int b = 0; b < 5; b++) {
      assertArrayEquals(want.get(b), seen.get(b), "minibatch " + b);
    }

    m.expect(2, TaskSetup.NONE, plain);
    assertSame(view, m.getSplitRDDs(view, 2, 4)[0], "one round: DL4J's own view");
  }

  /** A graph input's shape, features and labels, in one array. */
  private static float[] values(MultiDataSet d) {
    long[] shape = d.getFeatures(0).shape();
    float[] x = d.getFeatures(0).data().asFloat();
    float[] y = d.getLabels(0).data().asFloat();
    float[] out = new float[2 + x.length + y.length];
    out[0] = shape[0];
    out[1] = shape[1];
    System.arraycopy(x, 0, out, 2, x.length);
    System.arraycopy(y, 0, out, 2 + x.length, y.length);
    return out;
  }

  private static OnePassAveragingMaster master() {
    return new OnePassAveragingMaster(new ParameterAveragingTrainingMaster.Builder(1, 4)
        .batchSizePerWorker(4)
        .averagingFrequency(2)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .storageLevel(null));
  }
}
