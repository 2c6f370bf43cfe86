package io.sparkctr.training.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The traffic counts read ND4J's real threshold and bitmap encodings of an update. */
class UpdateTrafficTest {
  @Test
  void countsSparseAndBitmapUpdates() {
    int n = 10_000;
    UpdateTraffic traffic = new UpdateTraffic();

    INDArray sparse = Nd4j.zeros(DataType.FLOAT, n);
    for (int i = 0; i < 50; i++) {
      sparse.putScalar(i * 7L, i % 2 == 0 ? 0.01 : -0.01);
    }
    INDArray encoded = Nd4j.getExecutioner().thresholdEncode(sparse, 1e-3);
    traffic.onNext(encoded);

    INDArray dense = Nd4j.rand(DataType.FLOAT, n).subi(0.5).muli(0.1);
    INDArray bitmap = Nd4j.create(DataType.INT32, n / 16 + 5);
    Nd4j.getExecutioner().bitmapEncode(dense, bitmap, 1e-3);
    traffic.onNext(bitmap);

    UpdateTraffic.Totals t = traffic.totals();
    assertEquals(2, t.messages());
    assertEquals(1, t.sparseMessages());
    assertEquals(50, t.sparseElements(), "one int per element above the threshold");
    assertEquals(4L * (encoded.length() + bitmap.length()), t.bytes());
    assertEquals(50.0 / n, t.sparseDensity(n), 1e-12);
    assertEquals(0, t.minus(t).messages());
  }
}
