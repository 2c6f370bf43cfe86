package io.sparkctr.jobs.cli.commands;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop's configuration for commands that need no Spark session (registry, export): the
 * {@code core-site.xml}/{@code hdfs-site.xml} on the classpath ({@code HADOOP_CONF_DIR}), plus
 * {@code -Dspark.hadoop.K=V} system properties as Spark would apply them.
 */
public final class HadoopConf {
  private static final String PREFIX = "spark.hadoop.";

  private HadoopConf() {}

  public static Configuration create() {
    Configuration conf = new Configuration();
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String k = e.getKey().toString();
      if (k.startsWith(PREFIX)) {
        conf.set(k.substring(PREFIX.length()), e.getValue().toString());
      }
    }
    return conf;
  }
}
