package io.sparkctr.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * The one place jobs get their session. The master is never set here: spark-submit sets it on a
 * cluster, {@code bin/sparkctr} passes {@code -Dspark.master=local[*]} (or {@code --master}) locally.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(String appName) {
    return SparkSession.builder()
        .appName("sparkctr " + appName)
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .getOrCreate();
  }
}
