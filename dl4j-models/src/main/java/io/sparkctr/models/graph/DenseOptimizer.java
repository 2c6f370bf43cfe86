package io.sparkctr.models.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The dense part's optimizer ({@code sparkctr.model.optimizer}): DL4J's updater for every parameter
 * in the graph (MLP, biases, dense weights); the embedding tables have their own
 * ({@code io.sparkctr.models.tables.TableOptimizer}). {@link ModelSpec} keeps the config's string
 * (spec.json writes it as it is); this is what it means.
 */
public enum DenseOptimizer {
  ADAM,
  ADAGRAD,
  SGD;

  /** {@code name} (any case) as an optimizer: "Cannot read optimizer: 'x' is not one of [adam, adagrad, sgd]". */
  public static DenseOptimizer parse(String name) {
    return Arrays.stream(values()).filter(o -> o.configName().equals(name.trim().toLowerCase(Locale.ROOT)))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("Cannot read optimizer: '" + name
            + "' is not one of " + configNames()));
  }

  /** Every optimizer as configs spell it: {@code [adam, adagrad, sgd]}. */
  public static List<String> configNames() {
    return Arrays.stream(values()).map(DenseOptimizer::configName).toList();
  }

  /** As configs and spec.json spell it. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** DL4J's updater at {@code learningRate}. */
  public IUpdater updater(double learningRate) {
    return switch (this) {
      case ADAM -> new Adam(learningRate);
      case ADAGRAD -> new AdaGrad(learningRate);
      case SGD -> new Sgd(learningRate);
    };
  }
}
