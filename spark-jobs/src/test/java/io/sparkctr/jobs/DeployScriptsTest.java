package io.sparkctr.jobs;

import io.sparkctr.jobs.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The deploy scripts' dry runs, the Dockerfiles and the Airflow DAG checked against the code: the
 * main class exists, the command is one Main accepts, the jar is the one the build makes, every
 * config, template and script they name exists. Scripts cannot drift from the code unnoticed.
 */
class DeployScriptsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static List<String> dryRun(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve(script).toString(), "--dry-run"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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

  @Test
  void airflowDagCallsTheNightlyCommandThroughARealScript() throws Exception {
    Path dag = ROOT.resolve("deploy/airflow/sparkctr_nightly.py");
    String py = Files.readString(dag);
    assertTrue(Files.isRegularFile(ROOT.resolve(value(py, "SUBMIT"))), "submit script");
    assertTrue(Files.isRegularFile(ROOT.resolve(value(py, "CONF"))), "default config");
    assertTrue(Main.COMMANDS.contains(value(py, "COMMAND")));
    assertEquals(String.valueOf(Main.EXIT_REJECTED), value(py, "EXIT_REJECTED"));
    assertTrue(py.contains("{{ ds }}") && py.contains("skip_on_exit_code=EXIT_REJECTED"));
    Assumptions.assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0, "python3 present");
    Path out = Files.createTempDirectory("dag");
    Process p = new ProcessBuilder("python3", "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], "
        + "cfile=sys.argv[2], doraise=True)", dag.toString(), out.resolve("dag.pyc").toString())
        .redirectErrorStream(true).start();
    String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "valid Python: " + msg);
  }

  /** {@code NAME = value} of a module-level constant (quotes dropped; Variable.get defaults taken). */
  static String value(String py, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " = (.+)$").matcher(py);
    assertTrue(m.find(), name);
    String v = m.group(1).trim();
    Matcher d = Pattern.compile("default_var=\"([^\"]+)\"").matcher(v);
    if (d.find()) {
      return d.group(1);
    }
    return v.replace("\"", "");
  }
}
