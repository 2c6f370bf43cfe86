package io.sparkctr.training.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.PairedMetrics;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/** The accumulators travel as Spark task results through Kryo (which cannot rebuild records) and merge after. */
class MetricsKryoTest {
  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) {
    SerializerInstance k = new KryoSerializer(new SparkConf()).newInstance();
    var tag = ClassTag$.MODULE$.<T>apply(value.getClass());
    return k.deserialize(k.serialize(value, tag), tag);
  }

  @Test
  void pairedMetricsWithSlicesSurviveKryo() {
    MetricsOptions o = MetricsOptions.DEFAULT.withSliceFields(List.of("country"));
    PairedMetrics m = new PairedMetrics(1.0, 0.5, o, 3);
    Random rnd = new Random(2);
    for (int i = 0; i < 500; i++) {
      double p = rnd.nextDouble();
      m.add(rnd.nextDouble() < p ? 1 : 0, p, p * p, "u" + i % 7, 1_767_225_600L + i * 600L,
          new String[] {i % 3 == 0 ? null : "c" + i % 5});
    }
    PairedMetrics back = roundTrip(m);
    assertEquals(m.a().report(), back.a().report());
    assertEquals(m.comparison(), back.comparison());
    assertEquals(1000, back.merge(roundTrip(m)).a().count());
  }
}
