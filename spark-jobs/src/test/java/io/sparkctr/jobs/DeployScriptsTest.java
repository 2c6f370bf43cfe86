package io.sparkctr.jobs;

import io.sparkctr.jobs.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The deploy scripts' dry runs, the Dockerfiles and the Airflow DAGs checked against the code: the
 * main class exists, the command is one Main accepts, the jar is the one the build makes, every
 * config, template and script they name exists. Scripts cannot drift from the code unnoticed.
 */
class DeployScriptsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The commit the dry runs tag images with ({@code SPARKCTR_REVISION}): no git checkout needed. */
  static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

  static List<String> dryRun(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve(script).toString(), "--dry-run"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARKCTR_REVISION", REVISION);
    pb.environment().remove("SPARKCTR_IMAGE");
    pb.environment().remove("SPARKCTR_REGISTRY");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    // the scripts print with printf %q: undo the shell quoting of the few characters we use
    List<String> tokens = new ArrayList<>();
    for (String t : out.split(" ")) {
      tokens.add(t.replace("\\,", ",").replace("\\ ", " "));
    }
    return tokens;
  }

  static String jarName(boolean cuda) throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher m = Pattern.compile("<sparkctr.jar.name>([^<]+)</sparkctr.jar.name>").matcher(pom);
    assertTrue(m.find());
    String cpu = m.group(1);
    assertTrue(m.find(), "the cuda profile names its jar");
    assertTrue(Files.readString(ROOT.resolve("spark-jobs/pom.xml")).contains("<finalName>${sparkctr.jar.name}</finalName>"));
    return (cuda ? m.group(1) : cpu) + ".jar";
  }

  static String after(List<String> tokens, String flag) {
    int i = tokens.indexOf(flag);
    assertTrue(i >= 0 && i + 1 < tokens.size(), flag + " in " + tokens);
    return tokens.get(i + 1);
  }

  static void checkMainAndCommand(List<String> tokens, String jar, String command) throws ReflectiveOperationException {
    String mainClass = after(tokens, "--class");
    Class.forName(mainClass).getMethod("main", String[].class);
    assertEquals(Main.class.getName(), mainClass);
    int j = tokens.indexOf(jar);
    assertTrue(j > 0, jar + " in " + tokens);
    assertEquals(command, tokens.get(j + 1));
    assertTrue(Main.COMMANDS.contains(tokens.get(j + 1)));
  }

  @ParameterizedTest
  @CsvSource({"nightly,false", "train,false", "nightly,true", "score,true"})
  void yarnSubmitNamesTheRealMainJarAndConfig(String command, boolean gpu) throws Exception {
    String conf = ROOT.resolve("conf/presets/synthetic.conf").toString();
    List<String> args = new ArrayList<>(gpu ? List.of("--gpu") : List.of());
    args.addAll(List.of(command, "--conf", conf, "--date", "2026-01-05"));
    List<String> t = dryRun("deploy/yarn/submit.sh", args.toArray(new String[0]));
    String jar = ROOT.resolve("spark-jobs/target/" + jarName(gpu)).toString();
    checkMainAndCommand(t, jar, command);
    assertEquals("synthetic.conf", after(t.subList(t.indexOf(jar), t.size()), "--conf"), "shipped by base name");
    for (String f : after(t, "--files").split(",")) {
      assertTrue(Files.isRegularFile(Path.of(f)), "shipped file " + f);
    }
    if (gpu) {
      assertTrue(t.contains("spark.executor.resource.gpu.amount=1"));
      assertTrue(String.join(" ", t).contains("gpu-discovery.sh"));
      assertTrue(Files.isExecutable(ROOT.resolve("deploy/common/gpu-discovery.sh")));
    }
  }

  @ParameterizedTest
  @CsvSource({"nightly,false", "evaluate,true"})
  void kubernetesSubmitNamesTheImageJarTemplatesAndConfig(String command, boolean gpu) throws Exception {
    List<String> args = new ArrayList<>(gpu ? List.of("--gpu") : List.of());
    args.addAll(List.of(command, "--conf", "conf/presets/criteo.conf"));
    List<String> t = dryRun("deploy/k8s/submit.sh", args.toArray(new String[0]));
    String jar = "local:///opt/sparkctr/" + jarName(gpu);
    checkMainAndCommand(t, jar, command);
    String conf = after(t.subList(t.indexOf(jar), t.size()), "--conf");
    assertTrue(conf.startsWith("/opt/sparkctr/"), conf);
    assertTrue(Files.isRegularFile(ROOT.resolve(conf.substring("/opt/sparkctr/".length()))), conf);
    for (String c : t) {
      if (c.contains("podTemplateFile=")) {
        assertTrue(Files.isRegularFile(Path.of(c.substring(c.indexOf('=') + 1))), c);
      }
    }
    String dockerfile = Files.readString(ROOT.resolve(gpu ? "deploy/docker/Dockerfile.cuda" : "deploy/docker/Dockerfile.cpu"));
    assertTrue(dockerfile.contains("/opt/sparkctr/" + jarName(gpu)), "the image holds the jar the script runs");
  }

  @Test
  void gpuDiscoveryQueriesTheDriverAndHonoursVisibleDevices() throws Exception {
    assertTrue(String.join(" ", dryRun("deploy/common/gpu-discovery.sh")).startsWith("nvidia-smi --query-gpu=index"));
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("deploy/common/gpu-discovery.sh").toString());
    pb.environment().put("CUDA_VISIBLE_DEVICES", "0,1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor());
    assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\",\"1\"]}", out);
  }

  @Test
  void dockerfilesCopyOnlyWhatExistsOrTheBuildMakes() throws IOException {
    for (String name : List.of("Dockerfile.cpu", "Dockerfile.cuda")) {
      for (String line : Files.readAllLines(ROOT.resolve("deploy/docker").resolve(name))) {
        if (line.startsWith("COPY ") && !line.startsWith("COPY --from")) {
          String src = line.split("\\s+")[1];
          boolean built = src.equals("spark-jobs/target/" + jarName(false))
              || src.equals("spark-jobs/target/" + jarName(true));
          assertTrue(built || Files.exists(ROOT.resolve(src)), name + ": " + src);
        }
      }
    }
  }

  /**
   * The YARN DAG: SparkSubmitOperator in cluster mode with the real main class, command, jar and config, and
   * the same Spark settings and sizing as deploy/yarn/submit.sh; no Variable read at parse time.
   */
  @Test
  void yarnDagSubmitsTheRealJobInClusterModeWithTheSubmitScriptsSettings() throws Exception {
    String py = Files.readString(ROOT.resolve("deploy/airflow/sparkctr_nightly.py"));
    assertTrue(py.contains("from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator"));
    assertTrue(py.contains("deploy_mode=\"cluster\""), "driver off the Airflow worker");
    assertFalse(py.contains("BashOperator") || py.contains("SPARKCTR_DEPLOY_MODE=client"), "no client-mode driver");
    String mainClass = value(py, "MAIN_CLASS");
    Class.forName(mainClass).getMethod("main", String[].class);
    assertEquals(Main.class.getName(), mainClass);
    assertEquals("nightly", value(py, "COMMAND"));
    assertTrue(Main.COMMANDS.contains(value(py, "COMMAND")));
    assertEquals("spark-jobs/target/" + jarName(false), value(py, "JAR"), "the jar the build makes");
    assertTrue(Files.isRegularFile(ROOT.resolve(value(py, "CONF"))), "default config");
    assertTrue(Files.isRegularFile(ROOT.resolve(value(py, "LOG4J"))), "logging config");
    assertTrue(py.contains("application_args=[COMMAND, \"--conf\", CONF_NAME, \"--date\", \"{{ ds }}\"]"), "templated date");
    assertTrue(py.contains("java_class=MAIN_CLASS") && py.contains("application=HOME + \"/\" + JAR"));

    // every spark-submit setting of yarn/submit.sh is in the DAG with the same value
    List<String> t = shellWords(String.join(" ", dryRun("deploy/yarn/submit.sh", "nightly", "--conf",
        ROOT.resolve("conf/presets/criteo.conf").toString(), "--date", "2026-11-23")));
    for (int i = 0; i < t.size() - 1; i++) {
      if (t.get(i).equals("--conf") && t.get(i + 1).startsWith("spark.")) {
        String kv = t.get(i + 1);
        String entry = "\"" + kv.substring(0, kv.indexOf('=')) + "\": \"" + kv.substring(kv.indexOf('=') + 1) + "\"";
        assertTrue(py.contains(entry), "the DAG's SPARK_CONF lacks " + entry);
      }
    }
    assertEquals(after(t, "--num-executors"), value(py, "EXECUTORS"));
    assertEquals(after(t, "--executor-cores"), value(py, "EXECUTOR_CORES"));
    assertEquals(after(t, "--executor-memory"), value(py, "EXECUTOR_MEMORY"));
    assertEquals(after(t, "--driver-memory"), value(py, "DRIVER_MEMORY"));
    assertEquals(after(t, "--driver-cores"), value(py, "DRIVER_CORES"));
    assertTrue(py.contains("\"spark.executor.memoryOverhead\": \"" + value(py, "EXECUTOR_OVERHEAD") + "\""));
    // Kerberos the spark-submit way
    assertTrue(py.contains("principal=\"{{ var.value.get('sparkctr_principal', '') }}\""));
    assertTrue(py.contains("keytab=\"{{ var.value.get('sparkctr_keytab', '') }}\""));
    checkDagShape(py);
    compilePython("deploy/airflow/sparkctr_nightly.py");
  }

  /** The Kubernetes DAG: SparkKubernetesOperator with the SparkApplication manifest that exists next door. */
  @Test
  void kubernetesDagRunsTheSparkApplicationManifest() throws Exception {
    String py = Files.readString(ROOT.resolve("deploy/airflow/sparkctr_nightly_k8s.py"));
    assertTrue(py.contains("from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator"));
    assertTrue(py.contains("application_file=APPLICATION") && py.contains("template_searchpath=[K8S_DIR]"));
    assertTrue(py.contains("K8S_DIR = os.path.join(HERE, \"..\", \"k8s\")"));
    Path manifest = ROOT.resolve("deploy/k8s").resolve(value(py, "APPLICATION"));
    assertTrue(Files.isRegularFile(manifest), manifest.toString());
    String yaml = Files.readString(manifest);
    assertTrue(yaml.contains("image: \"" + value(py, "IMAGE") + "\""), "the image the DAG checks is the one the manifest runs");
    assertTrue(yaml.contains("namespace: " + value(py, "NAMESPACE")));
    assertTrue(py.contains("python_callable=support.check_image") && py.contains("[logs_complete, image_immutable] >> nightly"));
    checkDagShape(py);
    compilePython("deploy/airflow/sparkctr_nightly_k8s.py");
  }

  /** What both DAGs share: sensors on markers, the decision read from the registry whatever the submit's state. */
  static void checkDagShape(String py) {
    for (String line : py.split("\n")) {
      assertFalse(line.contains("Variable.get") && !line.startsWith(" "), "Variable read at parse time: " + line);
    }
    assertTrue(py.contains("{{ ds }}"));
    assertTrue(py.contains("import sparkctr_airflow as support"));
    assertTrue(Files.isRegularFile(ROOT.resolve("deploy/airflow/sparkctr_airflow.py")));
    assertTrue(py.contains("LOGS_MARKER = \"{{ var.value.get('sparkctr_logs_marker', '_SUCCESS') }}\""), "raw logs: configurable marker");
    assertTrue(py.contains("LOGS_DAY = \"{{ var.value.sparkctr_logs_day | replace('{date}', ds) }}\""));
    assertTrue(py.contains("mode=\"reschedule\"") && py.contains("timeout=timedelta(hours=6)"), "bounded wait for the logs");
    // version_complete waits for <registry>/versions/<ds>/_SPARKCTR_COMPLETE after the submit, whatever its state
    assertTrue(py.contains("\"directory\": REGISTRY + \"/versions/{{ ds }}\""));
    assertTrue(py.contains("trigger_rule=\"all_done\""));
    assertTrue(py.contains("python_callable=support.decision"));
    assertTrue(py.contains("BranchPythonOperator("));
    assertTrue(py.contains(">> nightly >> version_complete >> gate_decision >> [published, rejected]"));
    assertTrue(py.contains("EmptyOperator(task_id=support.PUBLISHED)") && py.contains("EmptyOperator(task_id=support.REJECTED)"));
    assertEquals("\"{{ var.value.sparkctr_registry }}\"", "\"" + value(py, "REGISTRY") + "\"");
  }

  static void compilePython(String file) throws Exception {
    Assumptions.assumeTrue(python3(), "python3 present (only the compile step is skipped)");
    for (String f : List.of(file, "deploy/airflow/sparkctr_airflow.py")) {
      Path out = Files.createTempDirectory("dag");
      Process p = new ProcessBuilder("python3", "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], "
          + "cfile=sys.argv[2], doraise=True)", ROOT.resolve(f).toString(), out.resolve("dag.pyc").toString())
          .redirectErrorStream(true).start();
      String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), f + " is valid Python: " + msg);
    }
  }

  static boolean python3() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Words of a command printed with printf %q (backslash escapes, single quotes). */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        w.append(line.charAt(++i));
        inWord = true;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        w.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == ' ') {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }

  /** {@code NAME = value} of a module-level constant (outer quotes dropped). */
  static String value(String py, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " = (.+)$").matcher(py);
    assertTrue(m.find(), name);
    String v = m.group(1).trim();
    return v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }
}
