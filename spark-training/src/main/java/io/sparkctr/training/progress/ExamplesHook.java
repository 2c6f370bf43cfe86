package io.sparkctr.training.progress;

import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Counts, on the executors, the examples DL4J's workers fit: added to a training master for one
 * epoch, it adds each minibatch's size to the epoch's progress counter after the update.
 */
public final class ExamplesHook implements TrainingHook {
  private static final long serialVersionUID = 1L;
  private final LongAccumulator examples;

  private ExamplesHook(LongAccumulator examples) {
    this.examples = examples;
  }

  /** Adds a hook counting into {@code examples} to {@code master}; remove it with {@link #removeFrom}. */
  public static ExamplesHook addTo(TrainingMaster<?, ?> master, LongAccumulator examples) {
    ExamplesHook h = new ExamplesHook(examples);
    master.addHook(h);
    return h;
  }

  public void removeFrom(TrainingMaster<?, ?> master) {
    master.removeHook(this);
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {
    // counted once fitted
  }

  @Override
  public void postUpdate(DataSet minibatch, Model model) {
    examples.add(minibatch.numExamples());
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {
    // counted once fitted
  }

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {
    examples.add(minibatch.getFeatures(0).size(0));
  }
}
