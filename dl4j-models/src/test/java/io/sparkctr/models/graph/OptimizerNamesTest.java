package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkctr.models.tables.TableOptimizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The dense and table optimizers are enums read from their config spelling; an unknown name is
 * refused with the names there are (the table optimizer's switch no longer falls through to SGD), and
 * spec.json keeps the spelling.
 */
class OptimizerNamesTest {
  @Test
  void denseOptimizersParseAndChooseTheirUpdater() {
    assertEquals(List.of("adam", "adagrad", "sgd"), DenseOptimizer.configNames());
    assertEquals(ModelSpec.OPTIMIZERS, DenseOptimizer.configNames());
    assertInstanceOf(Adam.class, DenseOptimizer.parse("adam").updater(0.01));
    assertInstanceOf(AdaGrad.class, DenseOptimizer.parse("AdaGrad").updater(0.01));
    assertInstanceOf(Sgd.class, DenseOptimizer.parse("sgd").updater(0.01));
    assertEquals(0.01, ((Adam) DenseOptimizer.ADAM.updater(0.01)).getLearningRate());
    assertEquals("Cannot read optimizer: 'rmsprop' is not one of [adam, adagrad, sgd]",
        assertThrows(IllegalArgumentException.class, () -> DenseOptimizer.parse("rmsprop")).getMessage());
  }

  @Test
  void tableOptimizersParseAndKeepTheirNameInJson() throws Exception {
    assertEquals(List.of("adam", "adagrad", "ftrl", "sgd"), TableOptimizer.NAMES);
    assertEquals(TableOptimizer.Kind.FTRL, new TableOptimizer("FTRL", 0.05, 0, 0).kind());
    assertEquals("ftrl", new TableOptimizer("FTRL", 0.05, 0, 0).name());
    assertEquals("Cannot use table optimizer: 'lion' is not one of [adam, adagrad, ftrl, sgd]",
        assertThrows(IllegalArgumentException.class, () -> new TableOptimizer("lion", 0.05, 0, 0)).getMessage());
    assertEquals("{\"name\":\"adam\",\"learningRate\":0.002,\"l1\":0.0,\"l2\":0.0,\"decay\":0.001,\"adaptive\":true}",
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(TableOptimizer.embeddingDefault()));
  }
}
