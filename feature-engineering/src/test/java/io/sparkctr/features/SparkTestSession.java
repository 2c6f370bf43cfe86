package io.sparkctr.features;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session per test JVM. The master comes from the {@code spark.master} system
 * property that Surefire sets (local[2]); Kryo is on, as in the jobs, so serialization problems
 * show up in tests.
 */
public final class SparkTestSession {
  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    return SparkSession.builder()
        .appName("sparkctr-tests")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .getOrCreate();
  }
}
