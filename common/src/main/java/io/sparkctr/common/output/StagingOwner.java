package io.sparkctr.common.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of a staging directory and its heartbeat: {@value #FILE} in the staging directory names
 * the run (application id where the job has a Spark application, host, pid, start time) and is
 * rewritten every {@link #BEAT} while the run lives. A staging directory whose heartbeat is younger
 * than {@link #LIVE} belongs to a live run and is never removed by another; an older one is a
 * killed run's leftover. A staging directory without the file (written before it existed) is judged
 * by the newest modification time of itself and its entries.
 */
final class StagingOwner implements AutoCloseable {
  static final String FILE = "_SPARKCTR_STAGING_OWNER";
  /** Hadoop configuration key a job sets to its Spark application id, named in the owner file. */
  static final String APP_ID_KEY = "sparkctr.application.id";
  static final Duration BEAT = Duration.ofSeconds(5);
  static final Duration LIVE = Duration.ofMinutes(2);
  private static final Logger LOG = LoggerFactory.getLogger(StagingOwner.class);
  private final FileSystem fs;
  private final Path file;
  private final String description;
  private final ScheduledExecutorService beats;
  /** Set by {@link #close} under this object's lock: no beat writes the file after it. */
  private boolean closed;

  private StagingOwner(FileSystem fs, Path staging, String description) {
    this.fs = fs;
    this.file = new Path(staging, FILE);
    this.description = description;
    this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sparkctr-staging-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /** Writes the owner file into {@code staging} and starts refreshing it. */
  static StagingOwner start(FileSystem fs, Path staging, Configuration conf) throws IOException {
    String app = conf.get(APP_ID_KEY);
    String who = (app == null ? "" : "app " + app + ", ") + "host " + host() + ", pid "
        + ManagementFactory.getRuntimeMXBean().getPid() + ", started " + Instant.now();
    StagingOwner o = new StagingOwner(fs, staging, who);
    try {
      o.beat();
    } catch (IOException | RuntimeException e) {
      o.beats.shutdownNow();
      throw e;
    }
    o.beats.scheduleWithFixedDelay(o::beatQuietly, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
    return o;
  }

  private synchronized void beat() throws IOException {
    if (closed) {
      return;
    }
    try (OutputStream out = open()) {
      out.write((description + "\n" + System.currentTimeMillis() + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The owner file, never recreating a staging directory that is gone (published or removed). */
  @SuppressWarnings("deprecation")
  private OutputStream open() throws IOException {
    try {
      return fs.createNonRecursive(file, true, 4096, fs.getDefaultReplication(file), fs.getDefaultBlockSize(file),
          null);
    } catch (UnsupportedOperationException | IOException e) {
      if (!fs.exists(file.getParent())) {
        throw e instanceof IOException io ? io : new IOException(e);
      }
      return fs.create(file, true); // a file system without createNonRecursive; the directory is there
    }
  }

  private void beatQuietly() {
    try {
      beat();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not refresh {}: {}", file, e.getMessage());
    }
  }

  /** Stops the heartbeat and removes the owner file (before a publish renames the directory). */
  @Override
  public void close() {
    beats.shutdownNow();
    synchronized (this) { // waits out a beat in progress; none writes after this
      if (closed) {
        return;
      }
      closed = true;
      try {
        fs.delete(file, false);
      } catch (IOException e) {
        LOG.warn("Could not remove {}: {}", file, e.getMessage());
      }
    }
  }

  /**
   * The owner of a live run's staging directory, or {@code null} when the directory is a dead run's
   * (no heartbeat for {@code live}).
   */
  static String liveOwner(FileSystem fs, Path staging, Duration live) throws IOException {
    Path f = new Path(staging, FILE);
    long now = System.currentTimeMillis();
    if (fs.exists(f)) {
      String[] lines;
      long modified;
      try (InputStream in = fs.open(f)) {
        lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        modified = fs.getFileStatus(f).getModificationTime();
      } catch (java.io.FileNotFoundException e) {
        return "a run whose heartbeat was being rewritten"; // replaced between exists and open: alive
      }
      // the later of the writer's clock and the file system's: neither host's skew makes a live run dead
      long last = Math.max(modified, lines.length > 1 ? parse(lines[1], modified) : modified);
      return now - last < live.toMillis() ? lines[0] : null;
    }
    long newest = fs.getFileStatus(staging).getModificationTime();
    for (FileStatus s : fs.listStatus(staging)) {
      newest = Math.max(newest, s.getModificationTime());
    }
    return now - newest < live.toMillis() ? "a run without an owner file, last written " + Instant.ofEpochMilli(newest)
        : null;
  }

  private static long parse(String s, long modified) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return modified; // a beat cut short: the file's own time
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
