package io.sparkctr.training.paramavg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkctr.training.executor.TaskSetup;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;

/**
 * The master's recorded JSON: a run records {@code toJson()} with the model after its epochs, when
 * the next fit's count and task setup (a closure) are set; they must not reach DL4J's JSON.
 */
class OnePassAveragingMasterTest {

  @Test
  void describesItselfAsDl4jsMasterWithTheNextFitsSetupSet() {
    OnePassAveragingMaster m = new OnePassAveragingMaster(new ParameterAveragingTrainingMaster.Builder(2, 64)
        .batchSizePerWorker(64)
        .averagingFrequency(7)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .storageLevel(null)
        .saveUpdater(true));
    AtomicInteger ran = new AtomicInteger();
    Unwritable held = new Unwritable(); // as a sharded run's table ticket: Jackson cannot write it
    TaskSetup setup = () -> ran.addAndGet(held.hashCode());
    m.expect(123, setup);

    String json = m.toJson();

    ParameterAveragingTrainingMaster back = ParameterAveragingTrainingMaster.fromJson(json);
    assertEquals(7, back.getAveragingFrequency());
    assertEquals(2, back.getNumWorkers());
    assertEquals(123, m.getTotalDataSetObjectCount(null), "the next fit's count survives describing");
    assertEquals(0, ran.get(), "describing does not run the setup");
  }

  /** A value Jackson cannot write field by field (it refers to itself), like a table ticket. */
  static final class Unwritable implements java.io.Serializable {
    private final Unwritable[] self = {this};
  }
}
