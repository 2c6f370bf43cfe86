package io.sparkctr.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.models.graph.ModelType;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench-quality trains the demo's LR as the demo trains its baseline; every other model and shape as configured. */
class QualityBenchmarkModelTest {
  static Config over(PlantedShape shape, ModelType type) {
    Config preset = ConfigLoader.load(new File("../" + QualityBenchmark.preset(shape)), List.of());
    return ConfigFactory.parseString(QualityBenchmark.model(shape, type)).withFallback(preset).resolve();
  }

  @Test
  void theDemosLrIsItsBaselineAndEveryOtherModelKeepsTheConfiguredRate() {
    Config demoLr = over(PlantedShape.DEMO, ModelType.LR);
    assertEquals("lr", demoLr.getString("sparkctr.model.type"));
    assertEquals(0.01, demoLr.getDouble("sparkctr.model.learning-rate"));
    Config demoPreset = ConfigLoader.load(new File("../conf/presets/synthetic.conf"), List.of());
    Config demoDeepFm = over(PlantedShape.DEMO, ModelType.DEEPFM);
    assertEquals("deepfm", demoDeepFm.getString("sparkctr.model.type"));
    assertEquals(demoPreset.getDouble("sparkctr.model.learning-rate"), demoDeepFm.getDouble("sparkctr.model.learning-rate"));
    Config realisticLr = over(PlantedShape.REALISTIC, ModelType.LR);
    assertEquals("lr", realisticLr.getString("sparkctr.model.type"));
    Config realisticPreset = ConfigLoader.load(new File("../" + QualityBenchmark.preset(PlantedShape.REALISTIC)),
        List.of());
    assertEquals(realisticPreset.getDouble("sparkctr.model.learning-rate"),
        realisticLr.getDouble("sparkctr.model.learning-rate"));
  }
}
