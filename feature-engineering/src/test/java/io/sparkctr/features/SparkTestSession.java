package io.sparkctr.features;

import java.util.Map;
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

  /**
   * Stops the JVM's session and starts a new application on the same master with {@code conf} on
   * top (e.g. a smaller {@code spark.executor.memory}, or fresh executors for a test that kills
   * one). Stop it when done: the next {@link #get} then starts a default one again.
   */
  public static synchronized SparkSession fresh(Map<String, String> conf) {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    SparkSession.Builder b = SparkSession.builder().appName("sparkctr-tests")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.forEach(b::config);
    return b.getOrCreate();
  }
}
