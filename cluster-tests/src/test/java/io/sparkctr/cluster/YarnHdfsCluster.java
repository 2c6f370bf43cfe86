package io.sparkctr.cluster;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HDFS (one NameNode, one DataNode) and a real YARN (a ResourceManager and two NodeManagers) in this JVM,
 * with what a submitting host has: {@code HADOOP_CONF_DIR} (core-site.xml, yarn-site.xml written from the running
 * clusters), and on {@code PATH} a {@code spark-submit} (Spark's {@code SparkSubmit} from {@code SPARK_HOME/jars}, as
 * a Spark distribution's {@code bin/spark-submit} runs it) and an {@code hdfs} ({@code hdfs dfs}: Hadoop's FsShell).
 * {@code SPARK_HOME/conf/spark-defaults.conf} holds what a cluster's administrator would put there:
 * {@code spark.yarn.jars=local:SPARK_HOME/jars/*} (the NodeManagers run on this host: no upload per application).
 *
 * <p>Sized for a 2-core, 24 GiB machine: each NodeManager offers 6 GiB and 4 vcores (vcores are not enforced);
 * containers from 256 MiB. As Spark's own YARN suite: the NodeManagers' disk-health threshold raised (a full disk
 * elsewhere on the host must not mark them unhealthy), the virtual-memory check off (JVMs reserve far more
 * virtual memory than they use); the physical-memory check stays on, as on a real cluster.
 */
final class YarnHdfsCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(YarnHdfsCluster.class);
  static final int NODE_MANAGERS = 2;
  static final int NODE_MEMORY_MB = 6144;

  final Path dir;
  final Path confDir;
  final Path binDir;
  final Path sparkHome;
  final Path root;
  final Path jar;
  private final MiniDFSCluster dfs;
  private final MiniYARNCluster yarn;
  final Configuration conf;
  final FileSystem fs;
  private final YarnClient client;
  final double startSeconds;

  private YarnHdfsCluster(Path dir) throws Exception {
    long t0 = System.nanoTime();
    this.dir = dir;
    root = Path.of(System.getProperty("sparkctr.root")).toRealPath();
    jar = Path.of(System.getProperty("sparkctr.jar")).toRealPath();
    sparkHome = Path.of(System.getProperty("spark.home")).toRealPath();
    confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
    binDir = Files.createDirectories(dir.resolve("bin"));

    Configuration hdfsConf = new Configuration();
    hdfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfsConf.set("dfs.permissions.enabled", "false");
    hdfsConf.setInt("dfs.replication", 1);
    dfs = new MiniDFSCluster.Builder(hdfsConf).numDataNodes(1).build();
    dfs.waitActive();

    YarnConfiguration yc = new YarnConfiguration(dfs.getConfiguration(0));
    yc.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
    yc.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MEMORY_MB);
    yc.setInt(YarnConfiguration.NM_VCORES, 4);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, NODE_MEMORY_MB);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, 4);
    yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    yc.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99.0");
    // capacity-scheduler.xml is not in hadoop-client-minicluster: one queue, as Spark's YarnClusterSuite sets it
    yc.set("yarn.scheduler.capacity.root.queues", "default");
    yc.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    yc.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    yc.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    yc.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    yc.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    yc.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    yc.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    yc.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
    yc.set(YarnConfiguration.RM_HOSTNAME, "localhost");
    // the containers' logs stay in the NodeManagers' log directories (no aggregation), for the tests to read
    yc.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, false);
    // and their working directories (launch_container.sh, the localized Spark configuration) for 10 minutes
    yc.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 600);
    // the NodeManagers' local and log directories under dir (MiniYARNCluster puts them under test.build.data)
    System.setProperty("test.build.data", dir.resolve("yarn").toString());
    yarn = new MiniYARNCluster("sparkctr", NODE_MANAGERS, 1, 1);
    yarn.init(yc);
    yarn.start();
    conf = yarn.getConfig();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (conf.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) { // MiniYARNCluster sets the port after start()
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the ResourceManager did not publish its address");
      }
      Thread.sleep(100);
    }
    waitForNodeManagers();
    fs = FileSystem.get(conf);
    fs.mkdirs(new org.apache.hadoop.fs.Path("/tmp"));

    // what a submitting host has: the Hadoop configuration, spark-submit and hdfs on PATH
    // only what a client needs: the whole configuration of the daemons would name test-only classes of the minicluster
    // (MiniDFSCluster's rack mapping, org.apache.hadoop.net.StaticMapping), which no application's classpath holds
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", conf.get("fs.defaultFS"));
    core.set("dfs.replication", "1");
    Configuration site = new Configuration(false);
    for (Map.Entry<String, String> e : conf) {
      if (e.getKey().startsWith("yarn.resourcemanager.") && e.getKey().endsWith(".address")
          || e.getKey().equals(YarnConfiguration.RM_HOSTNAME)) {
        site.set(e.getKey(), conf.get(e.getKey()));
      }
    }
    for (Map.Entry<String, Configuration> f : Map.of("core-site.xml", core, "yarn-site.xml", site).entrySet()) {
      try (OutputStream out = Files.newOutputStream(confDir.resolve(f.getKey()))) {
        f.getValue().writeXml(out);
      }
    }
    Files.createDirectories(sparkHome.resolve("conf"));
    Files.writeString(sparkHome.resolve("conf/spark-defaults.conf"), String.join("\n",
        "spark.yarn.jars local:" + sparkHome.resolve("jars") + "/*",
        "spark.ui.enabled false",
        "spark.yarn.submit.waitAppCompletion true",
        "spark.yarn.report.interval 1s",
        "") );
    sparkSubmit(binDir);
    script(binDir, "hdfs", "# hdfs dfs ...: Hadoop's FsShell",
        "[[ \"${1:-}\" == dfs ]] || { echo \"only 'hdfs dfs' here\" >&2; exit 2; }",
        "shift",
        "exec \"$JAVA_HOME/bin/java\" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp \"$HADOOP_CONF_DIR:$SPARK_HOME/jars/*\" org.apache.hadoop.fs.FsShell \"$@\"");
    client = YarnClient.createYarnClient();
    client.init(conf);
    client.start();
    startSeconds = (System.nanoTime() - t0) / 1e9;
    LOG.info(String.format("HDFS %s and YARN %s up in %.1f s (2 NodeManagers of %d MB)", fs.getUri(),
        conf.get(YarnConfiguration.RM_ADDRESS), startSeconds, NODE_MEMORY_MB));
  }

  static YarnHdfsCluster start(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
      Files.createDirectories(dir);
      return new YarnHdfsCluster(dir);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the mini HDFS + YARN cluster: " + e, e);
    }
  }

  private void waitForNodeManagers() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (yarn.getResourceManager().getRMContext().getRMNodes().size() < NODE_MANAGERS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the NodeManagers did not register");
      }
      Thread.sleep(100);
    }
  }

  /**
   * Writes {@code dir/spark-submit}: Spark's {@code SparkSubmit} as a Spark distribution's {@code bin/spark-submit}
   * runs it, on {@code $SPARK_HOME/conf}, {@code $HADOOP_CONF_DIR} and {@code $SPARK_HOME/jars/*} (Spark with its YARN
   * and Kubernetes clients, Hadoop's client), with the opens Java 17 needs.
   */
  static void sparkSubmit(Path dir) throws IOException {
    String opens = System.getProperty("sparkctr.java17.opens", "");
    script(dir, "spark-submit", "# spark-submit as a Spark distribution runs it: SparkSubmit on $SPARK_HOME/jars and the Hadoop conf",
        "exec \"$JAVA_HOME/bin/java\" ${SPARK_SUBMIT_OPTS:--Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} " + opens
            + " -cp \"$SPARK_HOME/conf${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}:$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"");
  }

  private static void script(Path binDir, String name, String... lines) throws IOException {
    Path p = binDir.resolve(name);
    Files.writeString(p, "#!/usr/bin/env bash\n" + String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The environment of a submitting host: PATH with spark-submit and hdfs first, HADOOP_CONF_DIR, SPARK_HOME. */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", binDir + File.pathSeparator + System.getenv("PATH"));
    env.put("HADOOP_CONF_DIR", confDir.toString());
    env.put("YARN_CONF_DIR", confDir.toString());
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPARKCTR_JAR", jar.toString());
    return env;
  }

  /** A process's exit code and its output (stdout and stderr together), and how long it took. */
  record Run(int code, String output, double seconds) {
    /** The last lines of the output, for assertion messages. */
    String tail() {
      String[] lines = output.split("\n");
      return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
  }

  /** Runs {@code command} from the repository root with {@link #environment()} plus {@code env}; output to {@code log}. */
  Run run(Map<String, String> env, Path log, Duration timeout, List<String> command) {
    return run(root, env, log, timeout, command);
  }

  /** Runs {@code command} in {@code directory} with {@link #environment()} plus {@code env}; output to {@code log}. */
  Run run(Path directory, Map<String, String> env, Path log, Duration timeout, List<String> command) {
    if (Files.isExecutable(binDir.resolve(command.get(0)))) { // Java looks programs up on its own PATH, not the child's
      command = new ArrayList<>(command);
      command.set(0, binDir.resolve(command.get(0)).toString());
    }
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().clear();
      pb.environment().putAll(environment());
      pb.environment().putAll(env);
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        throw new AssertionError("timed out after " + timeout + ": " + command + "\n" + Files.readString(log));
      }
      double s = (System.nanoTime() - t0) / 1e9;
      String out = Files.readString(log, StandardCharsets.UTF_8);
      LOG.info(String.format("%.1f s, exit %d: %s", s, p.exitValue(), String.join(" ", command)));
      return new Run(p.exitValue(), out, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The applications YARN knows by name ("sparkctr train"), oldest first. */
  List<ApplicationReport> applications(String name) {
    try {
      List<ApplicationReport> all = new ArrayList<>(client.getApplications());
      all.removeIf(a -> !a.getName().equals(name));
      all.sort(Comparator.comparing(ApplicationReport::getApplicationId));
      return all;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The report of an application by id. */
  ApplicationReport application(String id) {
    try {
      return client.getApplicationReport(org.apache.hadoop.yarn.api.records.ApplicationId.fromString(id));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The application named {@code name} that is RUNNING and not in {@code before}, or null. */
  ApplicationReport running(String name, List<ApplicationReport> before) {
    List<ApplicationId> old = before.stream().map(ApplicationReport::getApplicationId).toList();
    return applications(name).stream()
        .filter(a -> !old.contains(a.getApplicationId()) && a.getYarnApplicationState() == YarnApplicationState.RUNNING)
        .findFirst().orElse(null);
  }

  /**
   * The live containers of an application's current attempt but its ApplicationMaster's (Spark's executors), as the
   * ResourceManager lists them, by container id.
   */
  List<ContainerReport> executorContainers(ApplicationId app) {
    try {
      List<ApplicationAttemptReport> attempts = client.getApplicationAttempts(app);
      ApplicationAttemptReport attempt = attempts.get(attempts.size() - 1);
      List<ContainerReport> containers = new ArrayList<>(client.getContainers(attempt.getApplicationAttemptId()));
      containers.removeIf(c -> c.getContainerId().equals(attempt.getAMContainerId()));
      containers.sort(Comparator.comparing(ContainerReport::getContainerId));
      return containers;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot list the containers of " + app + ": " + e, e);
    }
  }

  /**
   * Has YARN kill a container: the ResourceManager passes FORCEFUL_SHUTDOWN to the container's NodeManager with its
   * next heartbeat, which sends SIGKILL to the container's process group.
   */
  void kill(ContainerId container) {
    try {
      client.signalToContainer(container, SignalContainerCommand.FORCEFUL_SHUTDOWN);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot signal " + container + ": " + e, e);
    }
  }

  /** The launch script a NodeManager keeps in a container's log directory, or "" before it launched the container. */
  String launchScript(ContainerId container) {
    String app = container.getApplicationAttemptId().getApplicationId().toString();
    for (Path stderr : containerLogs(app)) {
      if (stderr.getParent().getFileName().toString().equals(container.toString())) {
        Path launch = stderr.resolveSibling("launch_container.sh");
        try {
          return Files.isRegularFile(launch) ? Files.readString(launch) : "";
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return "";
  }

  /** The stderr files of an application's containers in the NodeManagers' log directories, by container id (the AM's first). */
  List<Path> containerLogs(String applicationId) {
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < NODE_MANAGERS; i++) {
      for (String d : yarn.getNodeManager(i).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
        Path app = Path.of(d.replaceFirst("^file:", "")).resolve(applicationId);
        if (Files.isDirectory(app)) {
          try (Stream<Path> s = Files.list(app)) {
            s.map(c -> c.resolve("stderr")).filter(Files::isRegularFile).forEach(logs::add);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    logs.sort(Comparator.comparing(p -> p.getParent().getFileName().toString()));
    return logs;
  }

  /**
   * The Spark configuration an application's containers received (the localized {@code __spark_conf__}), read in the
   * working directory of its first container (the ApplicationMaster), which the NodeManagers keep for 10 minutes.
   */
  java.util.Properties sparkConf(String applicationId) {
    for (int i = 0; i < NODE_MANAGERS; i++) {
      for (String d : yarn.getNodeManager(i).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS)) {
        Path base = Path.of(d.replaceFirst("^file:", "")).resolve("usercache");
        if (!Files.isDirectory(base)) {
          continue;
        }
        try (Stream<Path> s = Files.walk(base, 4)) {
          for (Path c : s.filter(p -> p.getFileName().toString().endsWith("_01_000001")
              && p.getParent().getFileName().toString().equals(applicationId)).toList()) {
            Path props = c.resolve("__spark_conf__/__spark_conf__.properties");
            if (Files.isRegularFile(props)) {
              java.util.Properties p = new java.util.Properties();
              try (var in = Files.newInputStream(props)) {
                p.load(in);
              }
              return p;
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no __spark_conf__ of " + applicationId + "'s ApplicationMaster");
  }

  boolean exists(String path) {
    try {
      return fs.exists(new org.apache.hadoop.fs.Path(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Entries in a directory. */
  int fsList(String path) {
    try {
      return fs.listStatus(new org.apache.hadoop.fs.Path(path)).length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String path) {
    try (var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } finally {
      try {
        yarn.stop();
      } finally {
        dfs.shutdown();
      }
    }
  }
}
