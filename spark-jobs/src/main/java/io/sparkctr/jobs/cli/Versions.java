package io.sparkctr.jobs.cli;

import io.sparkctr.common.build.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code sparkctr --version}: this build, and the Spark and Java it runs on. */
public final class Versions implements IVersionProvider {
  @Override
  public String[] getVersion() {
    BuildInfo b = BuildInfo.current();
    return new String[] {"sparkctr " + b.describe(),
        "Spark " + sparkRuntime() + " (built against " + b.sparkVersion() + "), DL4J/ND4J " + b.dl4jVersion()
            + ", Java " + System.getProperty("java.version")};
  }

  /** The Spark on the classpath now (a cluster's may differ from the one built against). */
  public static String sparkRuntime() {
    return org.apache.spark.package$.MODULE$.SPARK_VERSION();
  }
}
