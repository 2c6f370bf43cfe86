package io.sparkctr.ml;

import java.util.List;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Loads a {@link CtrClassifier} saved by {@code write().save} (also as a stage of a saved
 * {@code Pipeline}): Spark ML's metadata, as {@code DefaultParamsReader} reads it, except the params
 * earlier versions had and this one no longer has ({@link #RETIRED}), which are ignored rather than
 * failing the load.
 */
final class ClassifierReader extends MLReader<CtrClassifier> {
  /** {@code testFraction}: fit makes no test split any more. */
  static final List<String> RETIRED = List.of("testFraction");

  @Override
  public CtrClassifier load(String path) {
    DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, sc(), CtrClassifier.class.getName());
    CtrClassifier c = new CtrClassifier(md.uid());
    md.getAndSetParams(c, Option.apply(JavaConverters.asScalaBuffer(RETIRED).toList()));
    return c;
  }
}
