package io.sparkctr.ml;

import java.io.File;
import org.apache.spark.SparkContext;

/** Where {@link CtrClassifier#fit} writes its intermediate files. */
final class WorkDir {
  private WorkDir() {}

  /**
   * The configured directory; else the SparkContext's checkpoint directory; else, in local mode, the
   * local temporary directory. A cluster without either is an error: executors must reach the files.
   */
  static String resolve(SparkContext sc, String configured) {
    if (!configured.isEmpty()) {
      return configured;
    }
    if (sc.getCheckpointDir().isDefined()) {
      return sc.getCheckpointDir().get();
    }
    if (sc.isLocal()) {
      return new File(System.getProperty("java.io.tmpdir"), "sparkctr-ml").toURI().toString();
    }
    throw new IllegalArgumentException("Cannot fit: workDir is not set and the SparkContext has no checkpoint "
        + "directory; set CtrClassifier.setWorkDir to a directory every executor can reach (e.g. on HDFS)");
  }
}
