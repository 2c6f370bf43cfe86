package io.sparkctr.jobs.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's exit status where spark-submit cannot see it (YARN cluster mode: the ApplicationMaster reports
 * only SUCCEEDED or FAILED): two lines, the exit code and the first line of the failure's message (empty on
 * success), written to a path on the cluster's file system that {@code deploy/yarn/submit.sh} names and reads
 * after spark-submit returns ({@code hdfs dfs -cat}).
 */
public final class StatusFile {
  private StatusFile() {}

  /** The file's text: {@code code} and {@code firstLine} on a line each. */
  public static String text(int code, String firstLine) {
    String line = firstLine == null ? "" : firstLine.replace('\r', ' ').replace('\n', ' ');
    return code + "\n" + line + "\n";
  }

  /**
   * Writes the status to {@code path} (overwriting), read with the Hadoop configuration of the container (the
   * cluster's default file system for a path without scheme). A failure to write is printed, not thrown: the
   * script then reports spark-submit's own outcome.
   */
  static void write(String path, int code, String firstLine) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(new Configuration());
      try (OutputStream out = fs.create(p, true)) {
        out.write(text(code, firstLine).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("sparkctr: cannot write the exit status to " + path + ": " + e);
    }
  }
}
