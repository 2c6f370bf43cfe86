package io.sparkctr.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.data.InputLayout;
import io.sparkctr.models.data.MiniBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import scala.reflect.ClassTag$;

/**
 * A minibatch that crosses a shuffle as plain arrays ({@link MiniBatch}, Spark's Kryo with ND4J's
 * registrator, as the jobs configure it) becomes the same DataSet, value for value, as the rows
 * batched directly ({@link Batches#of}): the training order and inputs do not depend on the path.
 */
class MiniBatchTest {
  @Test
  void aShuffledMinibatchIsTheDataSetOfItsRows() {
    InputLayout layout = InputLayout.of(3, 2);
    List<FeatureRow> rows = rows(37, 3, 2, new Random(5));
    DataSet direct = Batches.of(rows, null, 4, 33, layout);

    MiniBatch plain = Batches.arrays(rows, null, 4, 33, layout);
    SerializerInstance kryo = new KryoSerializer(new SparkConf()
        .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")).newInstance();
    ByteBuffer bytes = kryo.serialize(plain, ClassTag$.MODULE$.apply(MiniBatch.class));
    MiniBatch back = kryo.deserialize(bytes, ClassTag$.MODULE$.apply(MiniBatch.class));
    DataSet shuffled = back.toDataSet();

    assertEquals(29, back.rows());
    assertArrayEquals(direct.getFeatures().shape(), shuffled.getFeatures().shape());
    assertArrayEquals(direct.getFeatures().data().asFloat(), shuffled.getFeatures().data().asFloat());
    assertArrayEquals(direct.getLabels().shape(), shuffled.getLabels().shape());
    assertArrayEquals(direct.getLabels().data().asFloat(), shuffled.getLabels().data().asFloat());
    assertEquals(direct.getFeatures().dataType(), shuffled.getFeatures().dataType());
  }

  @Test
  void refusesArraysThatDisagreeOnTheRowCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MiniBatch(new float[7], new float[2], 4));
    assertEquals("Cannot make a minibatch of 2 rows of 4 values from 7 feature values", e.getMessage());
  }

  private static List<FeatureRow> rows(int n, int fields, int dense, Random rnd) {
    List<FeatureRow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] idx = new int[fields];
      for (int f = 0; f < fields; f++) {
        idx[f] = rnd.nextInt(1 << 30); // above 2^24: both floats of the id carry bits
      }
      double[] d = new double[dense];
      for (int j = 0; j < dense; j++) {
        d[j] = rnd.nextGaussian();
      }
      out.add(new FeatureRow(rnd.nextInt(2), 1000L + i, idx, d, null));
    }
    return out;
  }
}
