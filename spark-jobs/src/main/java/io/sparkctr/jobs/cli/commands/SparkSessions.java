package io.sparkctr.jobs.cli.commands;

import io.sparkctr.common.output.StagedOutput;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place jobs get their session. The master is never set here: spark-submit sets it on a
 * cluster, {@code bin/sparkctr} passes {@code -Dspark.master=local[*]} (or {@code --master}) locally,
 * and {@code sparkctr --master URL} given to {@code io.sparkctr.jobs.cli.Main} directly sets that property the same way.
 * Kryo with ND4J's registrator, without which INDArrays (minibatches, parameters) cannot cross
 * executors. Executors' native threads wait passively ({@link NativeThreads}).
 */
public final class SparkSessions {
  public static final String KRYO_REGISTRATOR = "org.nd4j.kryo.Nd4jRegistrator";

  private SparkSessions() {}

  public static SparkSession create(String appName) {
    NativeThreads.checkDriver(System.getenv());
    SparkSession.Builder b = SparkSession.builder()
        .appName("sparkctr " + appName)
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", KRYO_REGISTRATOR);
    NativeThreads.executorEnv(new SparkConf()).forEach(b::config);
    SparkSession session = b.getOrCreate();
    // staging directories name the application that writes them
    session.sparkContext().hadoopConfiguration().set(StagedOutput.APPLICATION_ID_KEY,
        session.sparkContext().applicationId());
    return session;
  }
}
