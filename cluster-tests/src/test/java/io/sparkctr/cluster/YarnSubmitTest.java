package io.sparkctr.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code deploy/yarn/submit.sh} run for real, in cluster deploy mode, against the ResourceManager and HDFS of
 * {@link YarnHdfsCluster}: {@code features -> train -> evaluate} with every input and output on {@code hdfs://}
 * (two executors, parameter averaging, sharded tables), the driver's exit code carried back through the status file,
 * the Airflow DAG's nightly task (its Spark settings rendered and passed to spark-submit as its operator does) and
 * {@code nightly} for a second date, {@code train} with gradient sharing across the executor containers, and an
 * executor container killed through YARN during {@code train}, then {@code --resume}.
 */
@Tag("yarn")
@ExtendWith(ClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnSubmitTest {
  static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
  static final String MAIN = "io.sparkctr.jobs.cli.Main";
  static final String LOGS = "hdfs:///sparkctr/gen/logs";
  static final String FEATURES = "hdfs:///sparkctr/features";
  static final String MODEL = "hdfs:///sparkctr/model";
  static final String REPORT = "hdfs:///sparkctr/report";
  static final String MODEL_GS = "hdfs:///sparkctr/model-gradient-sharing";
  static final String MODEL_KILLED = "hdfs:///sparkctr/model-killed";
  static final String CHECKPOINTS_KILLED = "hdfs:///sparkctr/checkpoints-killed";
  /** Epochs of the run whose executor is killed: still training when epoch 1's checkpoint is complete. */
  static final int KILLED_EPOCHS = 3;
  /**
   * From an executor's kill to the script's exit at most: 4-5 s measured; without the driver's watch on the shard
   * owners Spark would retry the tasks, each failing its pulls after the 30 s table-timeout.
   */
  static final Duration FAIL_FAST = Duration.ofSeconds(60);
  /**
   * |validation AUC of gradient sharing - parameter averaging's| at most. Measured here: five gradient-sharing runs
   * 0.6826-0.6952, parameter averaging 0.7137-0.7204 in three (with sharded tables it is not deterministic either),
   * gradient sharing 0.018-0.038 below it (on these 14,400 rows threshold encoding holds back small updates, as
   * LocalClusterShardedTablesTest notes); 0.06 is the largest gap plus 0.02, more than either's spread. A model the
   * mesh left unchanged scores about 0.5.
   */
  static final double GRADIENT_SHARING_TOLERANCE = 0.06;
  static final Duration APP_TIMEOUT = Duration.ofMinutes(4);
  /**
   * Table servers and gradient sharing's UDP ports of every run below (in the test's config): off the defaults and
   * the ports of the local-cluster tests (24123-24153 and 24200-24300), which other builds on the same host may be
   * using, and below the ephemeral ports (32768-60999) where the mini cluster's daemons and the applications' block
   * managers listen; the executors' range (24340 + id) ends below the table servers' 25350.
   */
  static final String OWN_PORTS = "sparkctr.training { table-base-port = 25350, gradient-sharing { controller-port = "
      + "24183, executor-base-port = 24340 } }";
  /**
   * The jar where every node has it (the NodeManagers run on this host): no 166 MB upload and localization per
   * application. features, train and evaluate run with the default (uploaded from spark-jobs/target).
   */
  Map<String, String> localJar() {
    return Map.of("SPARKCTR_JAR", "local:" + cluster.jar);
  }

  /** Small containers for a 2-core machine: a driver of 1g (+ 384m overhead), two executors of 1 core, 1g + 1g. */
  static final Map<String, String> SIZES = Map.of("SPARKCTR_EXECUTORS", "2", "SPARKCTR_EXECUTOR_CORES", "1",
      "SPARKCTR_EXECUTOR_MEMORY", "1g", "SPARKCTR_EXECUTOR_OVERHEAD", "1g", "SPARKCTR_DRIVER_MEMORY", "1g",
      "SPARKCTR_DRIVER_CORES", "1");

  YarnHdfsCluster cluster;
  Path work;
  Path conf;

  @BeforeAll
  void data(YarnHdfsCluster c) throws IOException {
    cluster = c;
    work = Files.createDirectories(c.dir.resolve("work"));
    // the synthetic preset, made small: 5 days of planted logs (train, 1 validation day, 1 test day), a small DeepFM
    conf = work.resolve("yarn-test.conf");
    Files.writeString(conf, Files.readString(c.root.resolve("conf/presets/synthetic.conf")) + """

        sparkctr.features.hashing.bits = 14
        sparkctr.model { embedding-dim = 4, hidden = [16] }
        sparkctr.training { epochs = 2, batch-size = 256, averaging-frequency = 5, early-stopping-patience = 2 }
        """ + OWN_PORTS + "\n");
    // the logs: written to HDFS by the generator in a local-mode spark-submit on this host
    YarnHdfsCluster.Run gen = c.run(Map.of("SPARK_SUBMIT_OPTS", "-Xmx1g"), work.resolve("generate.log"),
        Duration.ofMinutes(3), List.of("spark-submit", "--master", "local[2]", "--class", MAIN, c.jar.toString(),
            "generate", "--out", "hdfs:///sparkctr/gen", "--rows", "24000", "--days", "5", "--seed", "11"));
    assertEquals(0, gen.code(), gen.tail());
    assertTrue(c.exists("/sparkctr/gen/logs"), gen.tail());
  }

  /** submit.sh with the test's sizes; its output (spark-submit's log and the script's own lines) in NAME.log. */
  YarnHdfsCluster.Run submit(String name, String... args) {
    return submit(Map.of(), name, args);
  }

  /** submit.sh with the test's sizes and {@code env} over them. */
  YarnHdfsCluster.Run submit(Map<String, String> env, String name, String... args) {
    List<String> cmd = new ArrayList<>(List.of("bash", cluster.root.resolve("deploy/yarn/submit.sh").toString()));
    cmd.addAll(List.of(args));
    Map<String, String> e = new java.util.HashMap<>(SIZES);
    e.putAll(env);
    return cluster.run(e, work.resolve(name + ".log"), APP_TIMEOUT, cmd);
  }

  /** The run's YARN application (from spark-submit's log), finished with {@code status}. */
  ApplicationReport finished(YarnHdfsCluster.Run run, FinalApplicationStatus status) {
    Matcher m = APP_ID.matcher(run.output());
    assertTrue(m.find(), "no application id in:\n" + run.tail());
    ApplicationReport app = cluster.application(m.group());
    assertNotNull(app);
    assertEquals(status, app.getFinalApplicationStatus(), app.getDiagnostics() + "\n" + run.tail() + driverLog(app));
    return app;
  }

  /** The whole stderr of the application's ApplicationMaster (the driver's log in cluster mode). */
  String amLog(ApplicationReport app) {
    List<Path> logs = cluster.containerLogs(app.getApplicationId().toString());
    assertFalse(logs.isEmpty(), "no container logs of " + app.getApplicationId());
    try {
      return Files.readString(logs.get(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String driverLog(ApplicationReport app) {
    List<Path> logs = cluster.containerLogs(app.getApplicationId().toString());
    if (logs.isEmpty()) {
      return "\n(no container logs)";
    }
    try {
      String s = Files.readString(logs.get(0));
      return "\n--- " + logs.get(0) + " ---\n" + s.substring(Math.max(0, s.length() - 6000));
    } catch (IOException e) {
      return "\n(" + e + ")";
    }
  }

  JsonNode metrics(String report) {
    try {
      return new ObjectMapper().readTree(cluster.read(report + "/metrics.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void complete(String dir, YarnHdfsCluster.Run run) {
    assertTrue(cluster.exists(dir + "/_SPARKCTR_COMPLETE"), dir + " has no completion marker\n" + run.tail());
  }

  @Test
  @Order(1)
  void featuresTrainEvaluateInClusterModeOnHdfs() {
    YarnHdfsCluster.Run features = submit("features", "features", "--conf", conf.toString(), "--input", LOGS,
        "--output", FEATURES);
    assertEquals(0, features.code(), features.tail());
    finished(features, FinalApplicationStatus.SUCCEEDED);
    complete(FEATURES, features);
    assertTrue(cluster.exists(FEATURES + "/manifest.json"));

    // executor memory in a form that is not whole g: 1536m heap + 1g overhead, JavaCPP's limit 2560m
    YarnHdfsCluster.Run train = submit(Map.of("SPARKCTR_EXECUTOR_MEMORY", "1536m"), "train", "train", "--conf",
        conf.toString(), "--features", FEATURES, "--model-out", MODEL);
    assertEquals(0, train.code(), train.tail());
    ApplicationReport app = finished(train, FinalApplicationStatus.SUCCEEDED);
    complete(MODEL, train);
    settingsInEffect(app.getApplicationId().toString());

    YarnHdfsCluster.Run evaluate = submit("evaluate", "evaluate", "--conf", conf.toString(), "--model", MODEL,
        "--features", FEATURES, "--report-out", REPORT);
    assertEquals(0, evaluate.code(), evaluate.tail());
    finished(evaluate, FinalApplicationStatus.SUCCEEDED);
    complete(REPORT, evaluate);
    double a = metrics(REPORT).path("model").path("metrics").path("auc").asDouble(Double.NaN);
    assertTrue(a > 0.6 && a < 1.0, "test AUC " + a);
    System.out.printf("YARN: features %.0f s, train %.0f s, evaluate %.0f s; test AUC %.4f; cluster up in %.0f s%n",
        features.seconds(), train.seconds(), evaluate.seconds(), a, cluster.startSeconds);
  }

  /**
   * What submit.sh set is what the application ran with: the ApplicationMaster (the driver) and two executors in
   * containers of their own; the executors' JVMs started with the heap, JavaCPP's limit (heap + overhead) and huge
   * pages; the Spark configuration the containers received (localized __spark_conf__) has the overhead, Kryo with
   * ND4J's registrator, dynamic allocation off, one attempt, and the driver's status file.
   */
  void settingsInEffect(String appId) {
    List<Path> logs = cluster.containerLogs(appId);
    assertEquals(3, logs.size(), "containers of " + appId + ": " + logs);
    try {
      // the NodeManagers keep each container's launch script beside its logs
      String am = Files.readString(logs.get(0).resolveSibling("launch_container.sh"));
      assertTrue(am.contains("org.apache.spark.deploy.yarn.ApplicationMaster"), am);
      assertTrue(am.contains("-XX:+UseTransparentHugePages"), am);
      assertTrue(am.contains("SPARKCTR_STATUS_FILE=") && am.contains("OMP_WAIT_POLICY=\"PASSIVE\""), am);
      for (Path executor : logs.subList(1, 3)) {
        String launch = Files.readString(executor.resolveSibling("launch_container.sh"));
        assertTrue(launch.contains("org.apache.spark.executor.YarnCoarseGrainedExecutorBackend"), launch);
        assertTrue(launch.contains("-Xmx1536m"), launch);
        assertTrue(launch.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=2560m"), launch);
        assertTrue(launch.contains("-XX:+UseTransparentHugePages"), launch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    java.util.Properties p = cluster.sparkConf(appId);
    assertEquals("1536m", p.getProperty("spark.executor.memory"));
    assertEquals("1g", p.getProperty("spark.executor.memoryOverhead"));
    assertEquals("2", p.getProperty("spark.executor.instances"));
    assertEquals("false", p.getProperty("spark.dynamicAllocation.enabled"));
    assertEquals("org.apache.spark.serializer.KryoSerializer", p.getProperty("spark.serializer"));
    assertEquals("org.nd4j.kryo.Nd4jRegistrator", p.getProperty("spark.kryo.registrator"));
    assertEquals("1", p.getProperty("spark.yarn.maxAppAttempts"));
    assertEquals("cluster", p.getProperty("spark.submit.deployMode"));
  }

  /** What a local run of the same command prints as its message: the first line starting with "sparkctr CMD:". */
  String localMessage(YarnHdfsCluster.Run local, String command) {
    return local.output().lines().filter(l -> l.startsWith("sparkctr " + command + ":")).findFirst()
        .orElseThrow(() -> new AssertionError("no message in the local run:\n" + local.tail()));
  }

  /**
   * The command in a local-mode spark-submit, from the config's directory with its base name: the driver in the YARN
   * container reads the shipped file by its base name too, and the messages name it.
   */
  YarnHdfsCluster.Run local(String name, String... args) {
    List<String> cmd = new ArrayList<>(List.of("spark-submit", "--master", "local[1]", "--class", MAIN,
        cluster.jar.toString()));
    for (String a : args) {
      cmd.add(a.equals(conf.toString()) ? conf.getFileName().toString() : a);
    }
    return cluster.run(conf.getParent(), Map.of("SPARK_SUBMIT_OPTS", "-Xmx1g"), work.resolve(name + "-local.log"),
        APP_TIMEOUT, cmd);
  }

  /** The same code and first line through YARN (status file) as from a local run; the application FAILED. */
  void sameFailureAsLocally(String name, String command, String... args) {
    YarnHdfsCluster.Run local = local(name, args);
    String message = localMessage(local, command);
    assertEquals(2, local.code(), local.tail());
    YarnHdfsCluster.Run yarn = submit(localJar(), name, args);
    ApplicationReport app = finished(yarn, FinalApplicationStatus.FAILED);
    assertEquals(local.code(), yarn.code(), yarn.tail());
    assertTrue(yarn.output().lines().anyMatch(message::equals), "'" + message + "' not in\n" + yarn.tail());
    assertTrue(yarn.output().contains("sparkctr " + command + " exited 2 on YARN (" + app.getApplicationId()
        + "; the driver log: yarn logs -applicationId " + app.getApplicationId() + ")"), yarn.tail());
    assertFalse(cluster.exists("/tmp/sparkctr-status") && cluster.fsList("/tmp/sparkctr-status") > 0,
        "status files are removed once read");
  }

  @Test
  @Order(2)
  void aMissingInputExitsTwoThroughYarnWithTheLocalMessage() {
    sameFailureAsLocally("missing-input", "features", "features", "--conf", conf.toString(), "--input",
        "hdfs:///sparkctr/no-such-logs", "--output", "hdfs:///sparkctr/features-missing");
    assertFalse(cluster.exists("/sparkctr/features-missing/_SPARKCTR_COMPLETE"));
  }

  @Test
  @Order(3)
  void aConfigurationErrorExitsTwoThroughYarnWithTheLocalMessage() {
    sameFailureAsLocally("bad-config", "train", "train", "--conf", conf.toString(), "--set",
        "sparkctr.training.epochs=zero", "--features", FEATURES, "--model-out", "hdfs:///sparkctr/model-bad");
    assertFalse(cluster.exists("/sparkctr/model-bad/_SPARKCTR_COMPLETE"));
  }

  /** The first nightly date: published by the DAG's task (or by submit.sh where the DAG cannot be rendered). */
  static final String FIRST_DATE = "2026-01-04";

  /**
   * What the nightly runs share, made once: the generator's logs as one directory per day with {@code _SUCCESS}
   * (the layout the DAG's logs sensor and {@code sparkctr.nightly.input} expect), and the nightly config.
   */
  Path nightlyConf() throws IOException {
    Path nightly = work.resolve("nightly.conf");
    if (Files.exists(nightly)) {
      return nightly;
    }
    splitByDay(LOGS.substring("hdfs://".length()), "/sparkctr/daily");
    Files.writeString(nightly, Files.readString(conf) + """

        sparkctr.nightly {
          input = "hdfs:///sparkctr/daily/date={date}"
          window-days = 3
          registry = "hdfs:///sparkctr/registry"
          workdir = "hdfs:///sparkctr/nightly-work"
          # the candidates of 4,800 training rows reach AUC 0.56 on the held-out day: no floor near their interval
          gate { max-auc-drop = 0.02, max-logloss-increase = 0.02, min-calibration = 0.6, max-calibration = 1.5,
                 min-auc-lower-bound = 0 }
        }
        """);
    return nightly;
  }

  /** The first date published: CURRENT names it, its version is complete and says published. */
  void firstDatePublished(YarnHdfsCluster.Run run) {
    complete("/sparkctr/registry/versions/" + FIRST_DATE, run);
    assertEquals(FIRST_DATE, cluster.read("/sparkctr/registry/CURRENT").trim());
    JsonNode r1 = json("/sparkctr/registry/versions/" + FIRST_DATE + "/result.json");
    assertTrue(r1.path("published").asBoolean(), r1.toString());
  }

  /**
   * The YARN DAG ({@code deploy/airflow/sparkctr_nightly.py}) for the first date as Airflow runs it, without Airflow:
   * its tasks' templated arguments rendered with Jinja as Airflow renders them (Variables: the repository as
   * {@code sparkctr_home}, the nightly config, the registry and daily logs on HDFS, {@code hdfs dfs}), its
   * SparkSubmitOperator's spark-submit command line built as the Spark provider's hook builds it for the DAG's
   * connection ({@code spark_yarn}, host {@code yarn}), and run (airflow_dag_tasks.py). Only the DAG's sizes are this
   * cluster's (1 GiB containers, 2 executors of 1 core); every other setting, the uploaded jar, the shipped config
   * and log4j file are the DAG's. The logs sensor sees the day complete; the application SUCCEEDED and published;
   * the Spark configuration and the executors' JVMs have the DAG's settings; then the version sensor and the
   * branch, with their rendered arguments, read the registry on HDFS through {@code hdfs dfs}: complete,
   * {@code published}.
   */
  @Test
  @Order(4)
  void theNightlyDagsTasksPublishTheFirstDate() throws Exception {
    Assumptions.assumeTrue(python3WithJinja2(), "python3 with jinja2 (renders the DAG's templates as Airflow does)");
    Path nightly = nightlyConf();
    Path dags = dagWithSizes();
    JsonNode before = dagTasks(dags, "dag-render", FIRST_DATE, "call:logs_complete", "submit:nightly");
    assertTrue(before.path("logs_complete").asBoolean(), "the logs sensor: " + before);
    List<String> argv = new ArrayList<>();
    before.get("nightly").forEach(a -> argv.add(a.asText()));
    assertEquals(List.of("spark-submit", "--master", "yarn"), argv.subList(0, 3), argv.toString());
    assertEquals(List.of(cluster.root + "/spark-jobs/target/sparkctr.jar", "nightly", "--conf", "nightly.conf",
        "--date", FIRST_DATE), argv.subList(argv.size() - 6, argv.size()), argv.toString());
    assertTrue(String.join(" ", argv).contains(" --deploy-mode cluster "), argv.toString());
    assertFalse(argv.contains("--principal") || argv.contains("--keytab"), "no Kerberos unless configured");

    YarnHdfsCluster.Run run = cluster.run(work, Map.of(), work.resolve("nightly-1-dag.log"), APP_TIMEOUT, argv);
    assertEquals(0, run.code(), run.tail());
    ApplicationReport app = finished(run, FinalApplicationStatus.SUCCEEDED);
    assertEquals("sparkctr-nightly-" + FIRST_DATE, app.getName());
    firstDatePublished(run);

    String id = app.getApplicationId().toString();
    java.util.Properties p = cluster.sparkConf(id);
    assertEquals("1g", p.getProperty("spark.executor.memory"));
    assertEquals("1g", p.getProperty("spark.executor.memoryOverhead"));
    assertEquals("2", p.getProperty("spark.executor.instances"));
    assertEquals("false", p.getProperty("spark.dynamicAllocation.enabled"));
    assertEquals("org.nd4j.kryo.Nd4jRegistrator", p.getProperty("spark.kryo.registrator"));
    assertEquals("1", p.getProperty("spark.yarn.maxAppAttempts"));
    assertEquals("default", p.getProperty("spark.yarn.queue"));
    List<Path> logs = cluster.containerLogs(id);
    assertEquals(3, logs.size(), "the ApplicationMaster and two executors: " + logs);
    String am = Files.readString(logs.get(0).resolveSibling("launch_container.sh"));
    assertTrue(am.contains("-XX:+UseTransparentHugePages") && am.contains("OMP_WAIT_POLICY=\"PASSIVE\"")
        && am.contains("OPENBLAS_CORETYPE=\"Haswell\""), am);
    for (Path executor : logs.subList(1, 3)) {
      String launch = Files.readString(executor.resolveSibling("launch_container.sh"));
      assertTrue(launch.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=2g")
          && launch.contains("-XX:+UseTransparentHugePages") && launch.contains("OPENBLAS_CORETYPE=\"Haswell\""),
          launch);
    }

    JsonNode after = dagTasks(dags, "dag-decision", FIRST_DATE, "call:version_complete", "call:gate_decision");
    assertTrue(after.path("version_complete").asBoolean(), after.toString());
    assertEquals("published", after.path("gate_decision").asText(), after.toString());
    System.out.printf("YARN: the DAG's nightly %.0f s (published)%n", run.seconds());
  }

  static boolean python3WithJinja2() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import jinja2").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * deploy/airflow copied, with the YARN DAG's sizes those of this cluster (2 executors of 1 core, 1g + 1g, a driver
   * of 1g and 1 core), written where the DAG sets them.
   */
  Path dagWithSizes() throws IOException {
    Path dir = Files.createDirectories(work.resolve("airflow"));
    try (var files = Files.list(cluster.root.resolve("deploy/airflow"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".py")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path dag = dir.resolve("sparkctr_nightly.py");
    String py = Files.readString(dag);
    Map<String, String> sizes = Map.of("EXECUTORS", "2", "EXECUTOR_CORES", "1", "EXECUTOR_MEMORY", "\"1g\"",
        "EXECUTOR_OVERHEAD", "\"1g\"", "DRIVER_MEMORY", "\"1g\"", "DRIVER_CORES", "1");
    for (Map.Entry<String, String> e : sizes.entrySet()) {
      Matcher m = Pattern.compile("(?m)^" + e.getKey() + " = .*$").matcher(py);
      assertTrue(m.find(), "the DAG sets " + e.getKey());
      py = m.replaceFirst(Matcher.quoteReplacement(e.getKey() + " = " + e.getValue()));
    }
    Files.writeString(dag, py);
    return dir;
  }

  /** airflow_dag_tasks.py on the DAG copy in {@code dags} for {@code ds}: its JSON answer for the actions. */
  JsonNode dagTasks(Path dags, String name, String ds, String... actions) throws IOException {
    Path script = work.resolve("airflow_dag_tasks.py");
    try (var in = YarnSubmitTest.class.getResourceAsStream("/airflow_dag_tasks.py")) {
      Files.write(script, in.readAllBytes());
    }
    ObjectMapper json = new ObjectMapper();
    Map<String, String> variables = Map.of("sparkctr_home", cluster.root.toString(),
        "sparkctr_conf", cluster.root.relativize(work.resolve("nightly.conf")).toString(),
        "sparkctr_registry", "hdfs:///sparkctr/registry", "sparkctr_logs_day", "hdfs:///sparkctr/daily/date={date}",
        "sparkctr_fs_command", "hdfs dfs");
    Map<String, String> env = Map.of("SPARKCTR_TEST_VARIABLES", json.writeValueAsString(variables),
        "SPARKCTR_TEST_CONNECTIONS", "{\"spark_yarn\": {\"conn_type\": \"spark\", \"host\": \"yarn\"}}",
        "PYTHONDONTWRITEBYTECODE", "1");
    List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), dags.resolve("sparkctr_nightly.py")
        .toString(), ds));
    cmd.addAll(List.of(actions));
    YarnHdfsCluster.Run r = cluster.run(work, env, work.resolve(name + ".log"), Duration.ofMinutes(2), cmd);
    assertEquals(0, r.code(), r.tail());
    String[] lines = r.output().trim().split("\n");
    return json.readTree(lines[lines.length - 1]);
  }

  /**
   * nightly for two consecutive dates on HDFS (daily logs, work directory, registry): the first publishes (the DAG's
   * task above; here through submit.sh only where that was skipped); the second is gated against the published model
   * in the registry and rejected (an AUC floor it cannot reach): exit 3 through the status file, the application
   * SUCCEEDED (a decision, not a failure), the decision in result.json, CURRENT unchanged.
   */
  @Test
  @Order(5)
  void nightlyForTwoDatesPublishesThenGatesAgainstTheRegistry() throws IOException {
    Path nightly = nightlyConf();
    if (!cluster.exists("/sparkctr/registry/versions/" + FIRST_DATE + "/_SPARKCTR_COMPLETE")) {
      YarnHdfsCluster.Run first = submit(localJar(), "nightly-1", "nightly", "--conf", nightly.toString(), "--date",
          FIRST_DATE);
      assertEquals(0, first.code(), first.tail());
      finished(first, FinalApplicationStatus.SUCCEEDED);
      firstDatePublished(first);
    }

    YarnHdfsCluster.Run second = submit(localJar(), "nightly-2", "nightly", "--conf", nightly.toString(), "--date", "2026-01-05",
        "--set", "sparkctr.nightly.gate.min-auc=0.99");
    assertEquals(3, second.code(), "rejected by the gate\n" + second.tail());
    finished(second, FinalApplicationStatus.SUCCEEDED);
    complete("/sparkctr/registry/versions/2026-01-05", second);
    JsonNode r2 = json("/sparkctr/registry/versions/2026-01-05/result.json");
    assertFalse(r2.path("published").asBoolean(), r2.toString());
    assertEquals(FIRST_DATE, r2.path("previous").asText(), "gated against the published model");
    assertTrue(r2.path("previousMetrics").path("auc").asDouble() > 0.5, r2.toString());
    assertEquals(FIRST_DATE, cluster.read("/sparkctr/registry/CURRENT").trim(), "the published model stays");
    System.out.printf("YARN: nightly %.0f s (rejected)%n", second.seconds());
  }

  /** A train of the class's config on its features with {@code more} arguments. */
  static List<String> train(String conf, String modelOut, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--conf", conf, "--features", FEATURES, "--model-out",
        modelOut));
    args.addAll(List.of(more));
    return args;
  }

  /**
   * Gradient sharing with the default sharded tables across the two executor containers: each executor's table server
   * and Aeron endpoint bind its Spark host (no network mask), the driver in the ApplicationMaster's container is the
   * mesh's root. The run publishes, both workers trained in the mesh and sent updates to the root, and its validation
   * AUC is within {@link #GRADIENT_SHARING_TOLERANCE} of the parameter-averaging train of the first test (same
   * features, model and epochs).
   */
  @Test
  @Order(6)
  void gradientSharingWithShardedTablesAcrossContainers() {
    YarnHdfsCluster.Run gs = submit(localJar(), "train-gradient-sharing", train(conf.toString(), MODEL_GS, "--set",
        "sparkctr.training.master=gradient-sharing").toArray(String[]::new));
    assertEquals(0, gs.code(), gs.tail());
    ApplicationReport app = finished(gs, FinalApplicationStatus.SUCCEEDED);
    complete(MODEL_GS, gs);
    JsonNode master = json(MODEL_GS + "/training-master.json");
    assertEquals("gradient-sharing", master.path("master").asText(), master.toString());
    String log = amLog(app);
    for (int epoch = 1; epoch <= 2; epoch++) {
      assertTrue(log.contains("gradient sharing epoch " + epoch + ": 2 workers"), "epoch " + epoch + " in\n" + log);
    }
    assertFalse(log.contains("reached the root"), "an epoch whose updates did not reach the root:\n" + log);
    double sharing = json(MODEL_GS + "/summary.json").path("validationAuc").asDouble();
    double averaging = json(MODEL + "/summary.json").path("validationAuc").asDouble();
    System.out.printf("YARN: train with gradient sharing %.0f s; validation AUC %.4f (parameter averaging %.4f)%n",
        gs.seconds(), sharing, averaging);
    assertEquals(averaging, sharing, GRADIENT_SHARING_TOLERANCE, "gradient sharing vs parameter averaging");
  }

  /**
   * An executor container killed through YARN (FORCEFUL_SHUTDOWN: SIGKILL from its NodeManager) once epoch 1's
   * checkpoint is complete on HDFS, with the default sharded tables: the script exits 1 within
   * {@link #FAIL_FAST} of the kill with the message naming the lost executor and its shard, YARN shows FAILED,
   * nothing is published; the same command with {@code --resume} then completes on the same cluster, from a
   * checkpoint of epoch 1 or later.
   */
  @Test
  @Order(7)
  void anExecutorKilledByYarnFailsTheRunNamingItsShardAndResumeCompletes() throws Exception {
    List<String> args = train(conf.toString(), MODEL_KILLED, "--checkpoints", CHECKPOINTS_KILLED, "--set",
        "sparkctr.training.epochs=" + KILLED_EPOCHS);
    List<ApplicationReport> before = cluster.applications("sparkctr train");
    CompletableFuture<YarnHdfsCluster.Run> first = CompletableFuture.supplyAsync(
        () -> submit(localJar(), "train-killed", args.toArray(String[]::new)));
    ApplicationReport app = await("a running train", () -> cluster.running("sparkctr train", before), first);
    await("epoch 1's checkpoint", () -> cluster.exists(CHECKPOINTS_KILLED + "/epoch-0001") ? true : null, first);
    ContainerReport victim = cluster.executorContainers(app.getApplicationId()).get(0);
    String executor = executorId(victim);
    long killed = System.nanoTime();
    cluster.kill(victim.getContainerId());
    YarnHdfsCluster.Run failed = first.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    double exitAfter = (System.nanoTime() - killed) / 1e9;
    assertEquals(1, failed.code(), failed.tail());
    finished(failed, FinalApplicationStatus.FAILED);
    Pattern lost = Pattern.compile("^sparkctr train: Cannot go on training with sharded tables: executor " + executor
        + ", the owner of shard \\d+ \\(executor " + executor + " at [^)]+\\) of 2, was lost .*run again with "
        + "--resume.*", Pattern.MULTILINE);
    assertTrue(lost.matcher(failed.output()).find(), "no message naming executor " + executor + "'s shard in\n"
        + failed.tail());
    assertTrue(failed.output().contains("Sent signal FORCEFUL_SHUTDOWN"), "YARN's reason in the message");
    assertTrue(exitAfter < FAIL_FAST.toSeconds(), "exited " + exitAfter + " s after the kill");
    assertFalse(cluster.exists(MODEL_KILLED), "nothing published");

    args.add("--resume");
    YarnHdfsCluster.Run resumed = submit(localJar(), "train-resumed", args.toArray(String[]::new));
    assertEquals(0, resumed.code(), resumed.tail());
    ApplicationReport again = finished(resumed, FinalApplicationStatus.SUCCEEDED);
    complete(MODEL_KILLED, resumed);
    Matcher m = Pattern.compile("Resuming after epoch (\\d+) of " + KILLED_EPOCHS).matcher(amLog(again));
    assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 1, "no resume in the driver log of "
        + again.getApplicationId());
    System.out.printf("YARN: executor %s (%s) killed after epoch 1's checkpoint, %.0f s into the train; exit 1 %.0f s "
            + "after the kill; resumed after epoch %s in %.0f s%n", executor, victim.getContainerId(),
        failed.seconds() - exitAfter, exitAfter, m.group(1), resumed.seconds());
  }

  /** Spark's executor id in a container, from the command line of its launch script. */
  String executorId(ContainerReport container) {
    String launch = cluster.launchScript(container.getContainerId());
    Matcher m = Pattern.compile("--executor-id (\\d+) ").matcher(launch);
    assertTrue(m.find(), "no executor in " + container.getContainerId() + "'s launch script:\n" + launch);
    return m.group(1);
  }

  /** Polls {@code probe} until it gives a value; fails if {@code run} ends first or after {@link #APP_TIMEOUT}. */
  static <T> T await(String what, Supplier<T> probe, CompletableFuture<YarnHdfsCluster.Run> run)
      throws InterruptedException {
    long deadline = System.nanoTime() + APP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (run.isDone()) {
        throw new AssertionError("the run ended before " + what + ":\n" + run.join().tail());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + what + " within " + APP_TIMEOUT);
  }

  JsonNode json(String path) {
    try {
      return new ObjectMapper().readTree(cluster.read(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The generator's CSV logs (epoch-second timestamps) as one directory per UTC day: {@code to/date=YYYY-MM-DD/}. */
  void splitByDay(String from, String to) throws IOException {
    org.apache.hadoop.fs.FileSystem fs = cluster.fs;
    String header = null;
    Map<String, StringBuilder> days = new java.util.TreeMap<>();
    for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(from))) {
      if (!f.getPath().getName().endsWith(".csv")) {
        continue;
      }
      List<String> lines = cluster.read(f.getPath().toString()).lines().toList();
      header = lines.get(0);
      int ts = List.of(header.split(",")).indexOf("timestamp");
      for (String line : lines.subList(1, lines.size())) {
        String day = java.time.LocalDate.ofEpochDay(Long.parseLong(line.split(",", -1)[ts]) / 86_400).toString();
        days.computeIfAbsent(day, d -> new StringBuilder()).append(line).append('\n');
      }
    }
    for (Map.Entry<String, StringBuilder> d : days.entrySet()) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(to + "/date=" + d.getKey());
      try (var out = fs.create(new org.apache.hadoop.fs.Path(dir, "part-00000.csv"))) {
        out.write((header + "\n" + d.getValue()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      fs.create(new org.apache.hadoop.fs.Path(dir, "_SUCCESS")).close();
    }
    assertEquals(List.of("2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"),
        List.copyOf(days.keySet()));
  }
}
