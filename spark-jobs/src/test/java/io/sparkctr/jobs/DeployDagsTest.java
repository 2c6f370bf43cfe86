package io.sparkctr.jobs;

import static io.sparkctr.jobs.DeployScriptsTest.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.common.json.Json;
import io.sparkctr.jobs.cli.Main;
import io.sparkctr.jobs.nightly.NightlyResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs each DAG file's module code under stand-ins for Airflow (Airflow is not installed here): both import
 * layouts (Airflow 3 with the standard provider, Airflow 2), every operator called only with parameters the
 * real one has (the providers' signatures, copied into the stand-ins), the task graph, trigger rules and
 * sensor modes; then renders every templated argument with Jinja as Airflow does (sandboxed, undefined is an
 * error) from sample Variables, and runs the sensors' and the branch's callables with the rendered arguments
 * against a registry and logs laid out in a temporary directory. The rendered SparkApplication is parsed here.
 */
class DeployDagsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The stand-ins and the driver; prints one JSON object. */
  static final String HARNESS = """
      import importlib.util, json, os, sys, types

      dag_file, layout, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
      BASE = {"task_id", "owner", "retries", "retry_delay", "execution_timeout", "trigger_rule", "on_failure_callback",
              "email", "email_on_failure", "email_on_retry", "doc_md", "pool", "queue", "sla"}
      SIGNATURES = {  # the parameters sparkctr's DAGs may pass, as the providers define them
          "EmptyOperator": set(),
          "PythonOperator": {"python_callable", "op_args", "op_kwargs", "templates_dict"},
          "BranchPythonOperator": {"python_callable", "op_args", "op_kwargs", "templates_dict"},
          "PythonSensor": {"python_callable", "op_args", "op_kwargs", "templates_dict", "mode", "poke_interval",
                           "timeout", "soft_fail", "exponential_backoff"},
          "SparkSubmitOperator": {"application", "conf", "conn_id", "files", "py_files", "archives", "driver_class_path",
                                  "jars", "java_class", "packages", "exclude_packages", "repositories",
                                  "total_executor_cores", "executor_cores", "executor_memory", "driver_memory", "keytab",
                                  "principal", "proxy_user", "name", "num_executors", "status_poll_interval",
                                  "application_args", "env_vars", "verbose", "spark_binary", "properties_file",
                                  "yarn_queue", "deploy_mode", "use_krb5ccache"},
          "SparkKubernetesOperator": {"image", "code_path", "namespace", "name", "application_file", "template_spec",
                                      "get_logs", "do_xcom_push", "success_run_history_limit", "startup_timeout_seconds",
                                      "log_events_on_failure", "reattach_on_restart", "delete_on_termination",
                                      "kubernetes_conn_id", "random_name_suffix"},
      }
      DAG_ARGS = {"dag_id", "description", "schedule", "start_date", "catchup", "max_active_runs", "default_args", "tags",
                  "template_searchpath", "doc_md", "user_defined_macros"}

      class DAG:
          current = None
          def __init__(self, **kw):
              unknown = set(kw) - DAG_ARGS
              if unknown: raise TypeError(f"DAG() got unexpected arguments {sorted(unknown)}")
              self.kw, self.tasks = kw, {}
          def __enter__(self):
              DAG.current = self
              return self
          def __exit__(self, *a):
              DAG.current = None

      def as_list(x):
          return x if isinstance(x, list) else [x]

      class BaseOperator:
          def __init__(self, **kw):
              unknown = set(kw) - BASE - SIGNATURES[type(self).__name__]
              if unknown: raise TypeError(f"{type(self).__name__}() got unexpected arguments {sorted(unknown)}")
              if DAG.current is None: raise RuntimeError("operator outside a DAG")
              args = dict(DAG.current.kw.get("default_args", {}))
              args.update(kw)
              self.kw, self.task_id, self.upstream = args, kw["task_id"], set()
              DAG.current.tasks[self.task_id] = self
          def __rshift__(self, other):
              for o in as_list(other): o.upstream.add(self.task_id)
              return other
          def __rrshift__(self, other):
              for o in as_list(other): self.upstream.add(o.task_id)
              return self

      classes = {name: type(name, (BaseOperator,), {}) for name in SIGNATURES}
      def module(name, **attrs):
          m = types.ModuleType(name)
          m.__dict__.update(attrs)
          sys.modules[name] = m
      for name in ["airflow", "airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
                   "airflow.providers.apache.spark.operators", "airflow.providers.cncf", "airflow.providers.cncf.kubernetes",
                   "airflow.providers.cncf.kubernetes.operators"]:
          module(name)
      module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=classes["SparkSubmitOperator"])
      module("airflow.providers.cncf.kubernetes.operators.spark_kubernetes",
             SparkKubernetesOperator=classes["SparkKubernetesOperator"])
      python_ops = dict(PythonOperator=classes["PythonOperator"], BranchPythonOperator=classes["BranchPythonOperator"])
      if layout == "airflow3":
          module("airflow.sdk", DAG=DAG)
          for name in ["airflow.providers.standard", "airflow.providers.standard.operators", "airflow.providers.standard.sensors"]:
              module(name)
          module("airflow.providers.standard.operators.empty", EmptyOperator=classes["EmptyOperator"])
          module("airflow.providers.standard.operators.python", **python_ops)
          module("airflow.providers.standard.sensors.python", PythonSensor=classes["PythonSensor"])
      else:
          sys.modules["airflow"].DAG = DAG
          for name in ["airflow.operators", "airflow.sensors"]:
              module(name)
          module("airflow.operators.empty", EmptyOperator=classes["EmptyOperator"])
          module("airflow.operators.python", **python_ops)
          module("airflow.sensors.python", PythonSensor=classes["PythonSensor"])

      mails = []
      class Variable:
          @staticmethod
          def get(key):
              values = json.loads(os.environ["SPARKCTR_TEST_VARIABLES"])
              if key not in values: raise KeyError(key)
              return values[key]
      module("airflow.models", Variable=Variable)
      if layout == "airflow3":
          sys.modules["airflow.sdk"].Variable = Variable
      module("airflow.utils")
      module("airflow.utils.email", send_email=lambda to, subject, html_content: mails.append([to, subject]))

      spec = importlib.util.spec_from_file_location("dag_under_test", dag_file)
      mod = importlib.util.module_from_spec(spec)
      spec.loader.exec_module(mod)
      dags = [v for v in vars(mod).values() if isinstance(v, DAG)]
      assert len(dags) == 1, dags
      dag = dags[0]
      out = {"dag_id": dag.kw["dag_id"], "schedule": dag.kw["schedule"], "catchup": dag.kw["catchup"], "tasks": {},
             "macros": dag.kw.get("user_defined_macros", {})}
      for t in dag.tasks.values():
          out["tasks"][t.task_id] = {"class": type(t).__name__, "upstream": sorted(t.upstream),
                                     "trigger_rule": t.kw.get("trigger_rule", "all_success"), "mode": t.kw.get("mode"),
                                     "timeout": t.kw.get("timeout"), "retries": t.kw.get("retries")}
          if type(t).__name__ == "SparkSubmitOperator":  # the Spark settings as given (only the queue is a template)
              out["tasks"][t.task_id]["submit"] = {k: t.kw.get(k) for k in
                  ["conf", "num_executors", "executor_cores", "executor_memory", "driver_memory"]}

      # the failure callback, at run time: logs, and mails sparkctr_alert_email
      class TI:
          dag_id, task_id, try_number = dag.kw["dag_id"], "nightly", 3
      dag.kw["default_args"]["on_failure_callback"]({"task_instance": TI(), "ds": "2026-11-24"})
      out["mails"] = mails

      try:
          import jinja2, jinja2.sandbox
      except ImportError:
          out["jinja"] = False
          print(json.dumps(out))
          sys.exit(0)
      out["jinja"] = True

      class VarValue:  # Airflow's var.value accessor
          def __init__(self, values): self.values = values
          def __getattr__(self, key):
              if key not in self.values: raise KeyError(f"Variable {key} does not exist")
              return self.values[key]
          def get(self, key, default=None):
              return self.values.get(key, default)
      variables = json.loads(os.environ["SPARKCTR_TEST_VARIABLES"])
      ctx = {"ds": "2026-11-24", "ds_nodash": "20261124", "var": {"value": VarValue(variables)}}
      loader = jinja2.FileSystemLoader(dag.kw.get("template_searchpath", []))
      env = jinja2.sandbox.SandboxedEnvironment(loader=loader, undefined=jinja2.StrictUndefined)
      env.globals.update(dag.kw.get("user_defined_macros", {}))  # as Airflow's DAG.get_template_env does
      def render(v):
          if isinstance(v, str): return env.from_string(v).render(ctx)
          if isinstance(v, list): return [render(x) for x in v]
          if isinstance(v, dict): return {k: render(x) for k, x in v.items()}
          return v
      templated = {"SparkSubmitOperator": ["application", "conf", "files", "name", "application_args", "principal", "keytab"],
                   "SparkKubernetesOperator": ["namespace", "kubernetes_conn_id"],
                   "PythonSensor": ["op_kwargs"], "PythonOperator": ["op_kwargs"], "BranchPythonOperator": ["op_kwargs"]}
      for t in dag.tasks.values():
          r = out["tasks"][t.task_id]
          for field in templated.get(type(t).__name__, []):
              if field in t.kw: r[field] = render(t.kw[field])
          if type(t).__name__ == "SparkKubernetesOperator":
              r["application_file"] = env.get_template(t.kw["application_file"]).render(ctx)
          if "python_callable" in t.kw:  # what the task would do now, with its rendered arguments
              try:
                  r["result"] = t.kw["python_callable"](**r.get("op_kwargs", {}))
              except Exception as e:
                  r["result"] = f"{type(e).__name__}: {e}"
      print(json.dumps(out))
      """;

  @BeforeAll
  static void python() {
    Assumptions.assumeTrue(DeployScriptsTest.python3(), "python3 present");
  }

  static JsonNode run(String dag, String layout, Path tmp, Map<String, String> variables) throws Exception {
    DeployScriptsTest.Run r = build(ROOT.resolve(dag), layout, tmp, variables);
    assertEquals(0, r.code(), dag + " under " + layout + ": " + r.err());
    String[] lines = r.out().split("\n");
    return JSON.readTree(lines[lines.length - 1]); // the harness's JSON; before it, what the DAG's code printed
  }

  /** Runs the harness on a DAG file: its exit code, output and errors. */
  static DeployScriptsTest.Run build(Path dag, String layout, Path tmp, Map<String, String> variables) throws Exception {
    Path harness = tmp.resolve("harness.py");
    Files.writeString(harness, HARNESS);
    ProcessBuilder pb = new ProcessBuilder("python3", harness.toString(), dag.toString(), layout, tmp.toString());
    pb.environment().put("SPARKCTR_TEST_VARIABLES", JSON.writeValueAsString(variables));
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // nothing written into deploy/
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return new DeployScriptsTest.Run(p.waitFor(), out, err);
  }

  /** Sample Variables: a registry and logs under {@code tmp} (they need not exist), the defaults otherwise. */
  static Map<String, String> variables(Path tmp) {
    return Map.of("sparkctr_registry", tmp.resolve("registry").toString(), "sparkctr_logs_day", tmp + "/logs/date={date}",
        "sparkctr_fs_command", "", "sparkctr_home", "/opt/sparkctr", "sparkctr_conf", "conf/site/my-dataset.conf",
        "sparkctr_image", "registry.example.com/ml/sparkctr:0.1.0-3f2c9a1b7d4e", "sparkctr_alert_email", "ml-alerts@example.com");
  }

  /**
   * The YARN DAG's spark-submit settings, as Airflow builds it, are those of deploy/yarn/submit.sh's dry run with
   * {@code env}: every {@code --conf spark.*}, the sizes and counts.
   */
  static void assertYarnDagAsScript(JsonNode dag, Map<String, String> env) throws Exception {
    List<String> t = DeployScriptsTest.words(env, "deploy/yarn/submit.sh", "nightly", "--conf", "conf/presets/criteo.conf",
        "--date", "2026-11-23");
    JsonNode submit = dag.get("tasks").get("nightly").get("submit");
    JsonNode conf = submit.get("conf");
    for (int i = 0; i < t.size() - 1; i++) {
      // the status file that carries the exit code back to yarn/submit.sh: the DAG reads the decision from the registry
      if (t.get(i).equals("--conf") && t.get(i + 1).startsWith("spark.")
          && !t.get(i + 1).startsWith("spark.yarn.appMasterEnv." + io.sparkctr.jobs.cli.Main.STATUS_FILE_ENV + "=")) {
        String kv = t.get(i + 1);
        String key = kv.substring(0, kv.indexOf('='));
        assertTrue(conf.has(key), "the DAG's SPARK_CONF lacks " + key);
        assertEquals(kv.substring(kv.indexOf('=') + 1), conf.get(key).asText(), key);
      }
    }
    assertEquals(DeployScriptsTest.after(t, "--num-executors"), submit.get("num_executors").asText());
    assertEquals(DeployScriptsTest.after(t, "--executor-cores"), submit.get("executor_cores").asText());
    assertEquals(DeployScriptsTest.after(t, "--executor-memory"), submit.get("executor_memory").asText());
    assertEquals(DeployScriptsTest.after(t, "--driver-memory"), submit.get("driver_memory").asText());
    assertEquals(DeployScriptsTest.after(t, "--driver-cores"), conf.get("spark.driver.cores").asText());
  }

  /**
   * The Kubernetes DAG's sizes (the manifest's {@code sparkctr_sizes}) are those of deploy/k8s/submit.sh's dry run
   * with {@code env}; rendered as Airflow renders it (where jinja2 is present), the SparkApplication carries them.
   */
  static void assertKubernetesDagAsScript(JsonNode dag, Map<String, String> env) throws Exception {
    List<String> t = DeployScriptsTest.words(env, "deploy/k8s/submit.sh", "nightly", "--conf", "conf/presets/criteo.conf");
    JsonNode sizes = dag.get("macros").get("sparkctr_sizes");
    assertEquals(DeployScriptsTest.conf(t, "spark.executor.memory"), sizes.get("executor_memory").asText());
    assertEquals(DeployScriptsTest.conf(t, "spark.executor.memoryOverhead"), sizes.get("executor_overhead").asText());
    assertEquals(DeployScriptsTest.conf(t, "spark.driver.memory"), sizes.get("driver_memory").asText());
    assertTrue(DeployScriptsTest.conf(t, "spark.executor.extraJavaOptions")
        .startsWith("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + sizes.get("max_physical_bytes").asText() + " "));
    if (dag.get("jinja").asBoolean()) {
      Map<String, Object> app = new Yaml(new SafeConstructor(new LoaderOptions()))
          .load(dag.get("tasks").get("nightly").get("application_file").asText());
      assertEquals(DeployScriptsTest.conf(t, "spark.executor.memory"), DeployManifests.str(app, "spec.executor.memory"));
      assertEquals(DeployScriptsTest.conf(t, "spark.executor.memoryOverhead"),
          DeployManifests.str(app, "spec.executor.memoryOverhead"));
      assertEquals(DeployScriptsTest.conf(t, "spark.driver.memory"), DeployManifests.str(app, "spec.driver.memory"));
      Map<String, Object> sparkConf = DeployManifests.map(DeployManifests.at(app, "spec.sparkConf"), "sparkConf");
      for (String key : List.of("spark.executor.extraJavaOptions", "spark.driver.extraJavaOptions")) {
        assertEquals(DeployScriptsTest.conf(t, key), sparkConf.get(key), key);
      }
    }
  }

  static Set<String> upstream(JsonNode dag, String task) {
    Set<String> s = new TreeSet<>();
    dag.get("tasks").get(task).get("upstream").forEach(n -> s.add(n.asText()));
    return s;
  }

  @ParameterizedTest
  @CsvSource({"deploy/airflow/sparkctr_nightly.py,airflow3", "deploy/airflow/sparkctr_nightly.py,airflow2",
      "deploy/airflow/sparkctr_nightly_k8s.py,airflow3", "deploy/airflow/sparkctr_nightly_k8s.py,airflow2"})
  void dagBuildsUnderAirflowRendersItsTemplatesAndBranchesOnTheRecordedDecision(String file, String layout,
      @TempDir Path tmp) throws Exception {
    boolean k8s = file.contains("k8s");
    // a registry whose 2026-11-24 version is complete and rejected; that day's logs are complete
    Path registry = tmp.resolve("registry");
    Path version = registry.resolve("versions/2026-11-24");
    Files.createDirectories(version);
    NightlyResult.Metrics m = new NightlyResult.Metrics(1000, 30, 0.75, 0.13, 0.9, 1.01);
    Files.writeString(version.resolve(NightlyJob.RESULT), Json.PRETTY.writeValueAsString(
        new NightlyResult("2026-11-24", false, List.of("AUC dropped"), m, "2026-11-23", m, "x")));
    Files.writeString(version.resolve("_SPARKCTR_COMPLETE"), "");
    Files.createDirectories(tmp.resolve("logs/date=2026-11-24"));
    Files.writeString(tmp.resolve("logs/date=2026-11-24/_SUCCESS"), "");
    String image = "registry.example.com/ml/sparkctr:0.1.0-3f2c9a1b7d4e";
    Map<String, String> variables = Map.of("sparkctr_registry", registry.toString(),
        "sparkctr_logs_day", tmp + "/logs/date={date}", "sparkctr_fs_command", "",
        "sparkctr_home", "/opt/sparkctr", "sparkctr_conf", "conf/site/my-dataset.conf",
        "sparkctr_image", image, "sparkctr_alert_email", "ml-alerts@example.com");

    JsonNode dag = run(file, layout, tmp, variables);
    assertEquals(k8s ? "sparkctr_nightly_k8s" : "sparkctr_nightly", dag.get("dag_id").asText());
    assertEquals("0 2 * * *", dag.get("schedule").asText());
    JsonNode tasks = dag.get("tasks");
    Set<String> ids = new TreeSet<>();
    tasks.fieldNames().forEachRemaining(ids::add);
    Set<String> expected = new TreeSet<>(List.of("logs_complete", "nightly", "version_complete", "gate_decision",
        "published", "rejected"));
    if (k8s) {
      expected.add("image_immutable");
    }
    assertEquals(expected, ids);
    assertEquals(k8s ? "SparkKubernetesOperator" : "SparkSubmitOperator", tasks.get("nightly").get("class").asText());
    assertEquals(k8s ? Set.of("logs_complete", "image_immutable") : Set.of("logs_complete"), upstream(dag, "nightly"));
    assertEquals(Set.of("nightly"), upstream(dag, "version_complete"));
    assertEquals(Set.of("version_complete"), upstream(dag, "gate_decision"));
    assertEquals(Set.of("gate_decision"), upstream(dag, "published"));
    assertEquals(Set.of("gate_decision"), upstream(dag, "rejected"));
    assertEquals("all_done", tasks.get("version_complete").get("trigger_rule").asText(), "whatever the submit's state");
    assertEquals("all_success", tasks.get("gate_decision").get("trigger_rule").asText());
    assertEquals("BranchPythonOperator", tasks.get("gate_decision").get("class").asText());
    for (String sensor : List.of("logs_complete", "version_complete")) {
      assertEquals("PythonSensor", tasks.get(sensor).get("class").asText());
      assertEquals("reschedule", tasks.get(sensor).get("mode").asText(), "no worker slot held while waiting");
      assertTrue(tasks.get(sensor).get("timeout").asDouble() > 0, "bounded wait");
    }
    assertEquals(2, tasks.get("nightly").get("retries").asInt());
    assertEquals(List.of(List.of("ml-alerts@example.com", "sparkctr nightly failed: " + dag.get("dag_id").asText()
        + ".nightly for 2026-11-24 (try 3)")), JSON.convertValue(dag.get("mails"), List.class), "the failure alert");

    Assumptions.assumeTrue(dag.get("jinja").asBoolean(), "jinja2 present (renders the templates)");
    // the sensors and the branch, with their rendered arguments, on the files above
    assertTrue(tasks.get("logs_complete").get("result").asBoolean(), tasks.get("logs_complete").toString());
    assertEquals(tmp + "/logs/date=2026-11-24", tasks.get("logs_complete").get("op_kwargs").get("directory").asText());
    assertEquals("_SUCCESS", tasks.get("logs_complete").get("op_kwargs").get("marker").asText());
    assertTrue(tasks.get("version_complete").get("result").asBoolean(), tasks.get("version_complete").toString());
    assertEquals("rejected", tasks.get("gate_decision").get("result").asText());
    JsonNode nightly = tasks.get("nightly");
    if (k8s) {
      assertEquals(image, tasks.get("image_immutable").get("result").asText());
      Map<String, Object> app = new Yaml(new SafeConstructor(new LoaderOptions()))
          .load(nightly.get("application_file").asText());
      assertEquals("sparkctr-nightly-20261124", DeployManifests.str(app, "metadata.name"));
      assertEquals(image, DeployManifests.str(app, "spec.image"));
      assertEquals(List.of("nightly", "--conf", "/opt/sparkctr/conf/site/nightly.conf", "--date", "2026-11-24"),
          DeployManifests.at(app, "spec.arguments"));
      assertEquals("sparkctr", nightly.get("namespace").asText());
      assertKubernetesDagAsScript(dag, Map.of());
    } else {
      assertEquals("/opt/sparkctr/spark-jobs/target/sparkctr.jar", nightly.get("application").asText());
      assertEquals(List.of("nightly", "--conf", "my-dataset.conf", "--date", "2026-11-24"),
          JSON.convertValue(nightly.get("application_args"), List.class));
      assertTrue(Main.COMMANDS.contains(nightly.get("application_args").get(0).asText()));
      assertEquals("/opt/sparkctr/conf/site/my-dataset.conf,/opt/sparkctr/conf/log4j2.properties",
          nightly.get("files").asText(), "the config travels with the app, passed by its base name");
      assertEquals("sparkctr-nightly-2026-11-24", nightly.get("name").asText());
      assertEquals("default", nightly.get("conf").get("spark.yarn.queue").asText());
      assertEquals("", nightly.get("principal").asText(), "no Kerberos unless configured");
    }
  }

  /** Copies of the DAGs (with deploy/k8s beside them, as deployed) with their memory settings written as given. */
  static Path dagsWithSizes(Path tmp, Map<String, String> settings) throws Exception {
    Path deploy = tmp.resolve("deploy");
    for (String dir : List.of("airflow", "k8s")) {
      Files.createDirectories(deploy.resolve(dir));
      try (Stream<Path> files = Files.list(ROOT.resolve("deploy").resolve(dir))) {
        for (Path f : files.toList()) {
          Files.copy(f, deploy.resolve(dir).resolve(f.getFileName()));
        }
      }
    }
    for (String dag : List.of("sparkctr_nightly.py", "sparkctr_nightly_k8s.py")) {
      Path file = deploy.resolve("airflow").resolve(dag);
      String py = Files.readString(file);
      for (Map.Entry<String, String> e : settings.entrySet()) {
        Matcher m = Pattern.compile("(?m)^" + e.getKey() + " = .*$").matcher(py);
        assertTrue(m.find(), dag + " sets " + e.getKey());
        py = m.replaceFirst(Matcher.quoteReplacement(e.getKey() + " = " + JSON.writeValueAsString(e.getValue())));
      }
      Files.writeString(file, py);
    }
    return deploy.resolve("airflow");
  }

  /**
   * Each DAG's memory settings in every form the scripts are tested with: the YARN DAG submits, and the Kubernetes
   * DAG's manifest carries, the sizes and JavaCPP limit the submit scripts derive from the same settings (the limit
   * used to be a hard-coded 14g).
   */
  @ParameterizedTest
  @MethodSource("io.sparkctr.jobs.DeployScriptsTest#sizeForms")
  void theDagsDeriveTheirSizesAsTheSubmitScriptsDo(String memory, String overhead, String driver, @TempDir Path tmp)
      throws Exception {
    Path dags = dagsWithSizes(tmp, Map.of("EXECUTOR_MEMORY", memory, "EXECUTOR_OVERHEAD", overhead, "DRIVER_MEMORY", driver));
    Map<String, String> env = Map.of("SPARKCTR_EXECUTOR_MEMORY", memory, "SPARKCTR_EXECUTOR_OVERHEAD", overhead,
        "SPARKCTR_DRIVER_MEMORY", driver);
    assertYarnDagAsScript(run(dags.resolve("sparkctr_nightly.py").toString(), "airflow3", tmp, variables(tmp)), env);
    assertKubernetesDagAsScript(run(dags.resolve("sparkctr_nightly_k8s.py").toString(), "airflow3", tmp, variables(tmp)), env);
  }

  /** A size Spark does not take fails the DAG's import, naming the setting and the value, as the scripts exit 2. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"EXECUTOR_MEMORY|12.5g", "EXECUTOR_MEMORY|12288 m", "EXECUTOR_MEMORY|400m",
      "EXECUTOR_OVERHEAD|0", "EXECUTOR_OVERHEAD|-6g", "DRIVER_MEMORY|lots", "DRIVER_MEMORY|2p"})
  void aSizeSparkDoesNotTakeFailsTheDag(String setting, String value, @TempDir Path tmp) throws Exception {
    Path dags = dagsWithSizes(tmp, Map.of(setting, value));
    for (String dag : List.of("sparkctr_nightly.py", "sparkctr_nightly_k8s.py")) {
      DeployScriptsTest.Run r = build(dags.resolve(dag), "airflow3", tmp, variables(tmp));
      assertTrue(r.code() != 0, dag + ": " + r);
      assertTrue(r.err().contains("ValueError: Cannot use " + setting + "='" + value + "': "), r.err());
    }
  }
}
