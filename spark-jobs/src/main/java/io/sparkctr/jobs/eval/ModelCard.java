package io.sparkctr.jobs.eval;

import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.graph.ModelSpec;
import java.io.IOException;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The facts a reader of a report needs first about a model: what it is, what it was trained on and
 * when, by which sparkctr.
 *
 * @param type model type
 * @param spec the full model spec (architecture, optimizer, training settings)
 * @param firstEvent first event time of the training data (ISO-8601), or null
 * @param validationStart where validation began (the training data ends there), or null
 * @param trainRows training rows per epoch
 * @param validationRows validation rows
 * @param bestEpoch the epoch the bundle holds
 * @param recalibrationFactor the odds factor applied to its predictions
 * @param hashBits feature hashing width
 * @param sparkctrVersion the version of the sparkctr that evaluated it ({@link BuildInfo#describe()})
 * @param created when the bundle's model file was written (ISO-8601), or null
 */
public record ModelCard(String type, ModelSpec spec, String firstEvent, String validationStart, long trainRows,
                        long validationRows, int bestEpoch, double recalibrationFactor, int hashBits,
                        String sparkctrVersion, String created) {
  public static ModelCard of(ModelBundle b, String path, Configuration hadoop) {
    var split = b.manifest().split();
    return new ModelCard(b.spec().type().name(), b.spec(), split == null ? null : split.firstEvent(),
        split == null ? null : split.validationStart(), b.summary().trainRows(), b.summary().validationRows(),
        b.summary().bestEpoch(), b.recalibrationFactor(), b.manifest().hashing().bits(), version(), created(path,
        hadoop));
  }

  /** This build as {@code sparkctr --version} names it: {@code 0.1.0-SNAPSHOT}, with the commit when known. */
  public static String version() {
    return BuildInfo.current().describe();
  }

  private static String created(String path, Configuration hadoop) {
    try {
      Path p = new Path(path, ModelBundle.MODEL);
      return Instant.ofEpochMilli(p.getFileSystem(hadoop).getFileStatus(p).getModificationTime()).toString();
    } catch (IOException e) {
      return null;
    }
  }
}
