package io.sparkctr.ml;

import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.training.BundleStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saving and loading a {@link CtrClassificationModel} as a model bundle ({@link BundleStore}: written
 * to a staging sibling, published by rename, {@code _SPARKCTR_COMPLETE} last) that also holds Spark
 * ML's {@value #METADATA} (class, uid, params), so a saved {@code PipelineModel} loads it back and
 * {@code sparkctr score --model} reads the same directory.
 */
final class ModelBundleIO {
  static final String METADATA = "metadata";

  private ModelBundleIO() {}

  static final class Writer extends MLWriter {
    private final CtrClassificationModel model;

    Writer(CtrClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      String metadata = DefaultParamsWriter$.MODULE$.getMetadataToSave(model, sc(), Option.empty(), Option.empty());
      // MLWriter.save has refused or removed an existing path already (overwrite())
      BundleStore.publish(model.bundle(), Map.of(METADATA + "/part-00000", metadata), path, true,
          sc().hadoopConfiguration());
    }
  }

  static final class Reader extends MLReader<CtrClassificationModel> {
    @Override
    public CtrClassificationModel load(String path) {
      var conf = sc().hadoopConfiguration();
      ModelBundle bundle = BundleStore.read(path, conf);
      Path meta = new Path(path, METADATA);
      try {
        if (!meta.getFileSystem(conf).exists(meta)) {
          return CtrClassificationModel.of(bundle); // published by `sparkctr train`
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + meta + ": " + e.getMessage(), e);
      }
      DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, sc(),
          CtrClassificationModel.class.getName());
      CtrClassificationModel m = new CtrClassificationModel(md.uid(), bundle);
      md.getAndSetParams(m, Option.empty());
      return m;
    }
  }
}
