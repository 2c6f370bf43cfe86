package io.sparkctr.training.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Replicated placement warns for lazy-Adam embedding tables only, where it measured a loss against one JVM. */
class ReplicatedAdamWarningTest {
  private static ModelSpec.Builder deepFm() {
    return ModelSpec.builder(ModelType.DEEPFM, 4, 1 << 8).embeddingDim(4).hidden(8);
  }

  @Test
  void adamEmbeddingsWarnAndNameTheAlternatives() {
    Optional<String> w = ReplicatedPlacement.adamWarning(deepFm().embeddingTable(TableOptimizer.embeddingDefault())
        .build());
    assertEquals(TableOptimizer.Kind.ADAM, TableOptimizer.embeddingDefault().kind(), "the default is lazy Adam");
    assertTrue(w.orElseThrow().contains("sparkctr.training.tables = sharded"), w.get());
    assertTrue(w.get().contains("adagrad"), w.get());
  }

  @Test
  void adagradEmbeddingsAndModelsWithoutEmbeddingsDoNotWarn() {
    TableOptimizer adagrad = new TableOptimizer("adagrad", 0.01, 0, 0, 1e-3, 0, true);
    assertEquals(Optional.empty(), ReplicatedPlacement.adamWarning(deepFm().embeddingTable(adagrad).build()));
    assertEquals(Optional.empty(), ReplicatedPlacement.adamWarning(
        ModelSpec.builder(ModelType.LR, 4, 1 << 8).embeddingTable(TableOptimizer.embeddingDefault()).build()));
  }
}
