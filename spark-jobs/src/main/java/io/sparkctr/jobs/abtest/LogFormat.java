package io.sparkctr.jobs.abtest;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The format of the impression logs {@code abtest} reads. */
public enum LogFormat {
  /** CSV with a header line (as {@code generate} writes). */
  CSV,
  PARQUET,
  /** JSON lines. */
  JSON;

  /** {@code csv}, {@code parquet} or {@code json}, or an error listing them. */
  public static LogFormat named(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read logs as '" + name + "': not csv, parquet or json");
    }
  }

  public Dataset<Row> read(SparkSession spark, String path) {
    return switch (this) {
      case CSV -> spark.read().option("header", true).csv(path);
      case PARQUET -> spark.read().parquet(path);
      case JSON -> spark.read().json(path);
    };
  }
}
