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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.network.util.ByteUnit;
import org.apache.spark.network.util.JavaUtils;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy scripts' dry runs, the Dockerfiles and the Airflow DAGs checked against the code: the
 * main class exists, the command is one Main accepts, the jar is the one the build makes, every
 * config, template and script they name exists. Scripts cannot drift from the code unnoticed. Memory sizes in
 * every form Spark reads (Spark's own parser is the reference) keep every setting and derive the JavaCPP limit;
 * what Spark does not take exits 2; spark-submit's options after {@code --}; {@code --conf} paths alike on both
 * platforms.
 */
class DeployScriptsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The commit the dry runs tag images with ({@code SPARKCTR_REVISION}): no git checkout needed. */
  static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

  /** What a script printed and its exit code. */
  record Run(int code, String out, String err) {}

  /**
   * {@code script --dry-run args} run from {@code dir} with {@code env} over the test's environment (every other
   * SPARKCTR_ variable removed; images tagged with {@link #REVISION}).
   */
  static Run submit(Map<String, String> env, Path dir, String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve(script).toString(), "--dry-run"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SPARKCTR_"));
    pb.environment().put("SPARKCTR_REVISION", REVISION);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return new Run(p.waitFor(), out, err);
  }

  /** The words of the command a script's dry run prints (from the repository root, with {@code env}); it must succeed. */
  static List<String> words(Map<String, String> env, String script, String... args) throws IOException, InterruptedException {
    Run r = submit(env, ROOT, script, args);
    assertEquals(0, r.code(), r.err());
    return shellWords(r.out());
  }

  static List<String> dryRun(String script, String... args) throws IOException, InterruptedException {
    Run r = submit(Map.of(), ROOT, script, args);
    assertEquals(0, r.code(), r.out() + r.err());
    // the scripts print with printf %q: undo the shell quoting of the few characters we use
    List<String> tokens = new ArrayList<>();
    for (String t : r.out().split(" ")) {
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

  // ---- OpenBLAS's kernels (OPENBLAS_CORETYPE) ----

  /**
   * YARN names Haswell (AVX2) for the driver and every executor; Kubernetes leaves it to the image's entrypoint;
   * SPARKCTR_OPENBLAS_CORETYPE names another on both, empty names none, anything but a name exits 2.
   */
  @Test
  void openBlasKernelsAreNamedForTheDriverAndEveryExecutor() throws Exception {
    List<String> yarn = words(Map.of(), YARN, "train");
    assertEquals("Haswell", conf(yarn, "spark.yarn.appMasterEnv.OPENBLAS_CORETYPE"));
    assertEquals("Haswell", conf(yarn, "spark.executorEnv.OPENBLAS_CORETYPE"));
    assertFalse(String.join(" ", words(Map.of(), K8S, "train")).contains("OPENBLAS_CORETYPE"));
    for (String script : List.of(YARN, K8S)) {
      List<String> w = words(Map.of("SPARKCTR_OPENBLAS_CORETYPE", "SkylakeX"), script, "train");
      String driver = script.equals(YARN) ? "spark.yarn.appMasterEnv." : "spark.kubernetes.driverEnv.";
      assertEquals("SkylakeX", conf(w, driver + "OPENBLAS_CORETYPE"), script);
      assertEquals("SkylakeX", conf(w, "spark.executorEnv.OPENBLAS_CORETYPE"), script);
      assertFalse(String.join(" ", words(Map.of("SPARKCTR_OPENBLAS_CORETYPE", ""), script, "train"))
          .contains("OPENBLAS_CORETYPE"), script);
      Run bad = submit(Map.of("SPARKCTR_OPENBLAS_CORETYPE", "Sky lake"), ROOT, script, "train");
      assertEquals(2, bad.code(), script);
      assertEquals("", bad.out());
      assertTrue(bad.err().startsWith("Cannot use SPARKCTR_OPENBLAS_CORETYPE='Sky lake': not an OpenBLAS core name"),
          bad.err());
    }
  }

  /** The core named from a CPU's flags: SkylakeX needs all five AVX-512 subsets bin/sparkctr checks, Haswell AVX2 and FMA. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16|SkylakeX",
      "fpu sse2 avx avx2 fma avx512f avx512cd|Haswell",
      "fpu sse2 avx avx2 fma|Haswell",
      "fpu sse2 avx avx2|''",
      "fpu sse2 sse4_2|''"})
  void kernelsFollowTheCpuFlags(String flags, String core, @TempDir Path tmp) throws Exception {
    Path cpuinfo = Files.writeString(tmp.resolve("cpuinfo"), "processor\t: 0\nflags\t\t: " + flags + "\nbugs\t\t: x\n");
    Process p = new ProcessBuilder("bash", "-c", "set -euo pipefail; source \"$1\"; openblas_coretype \"$2\"", "-",
        ROOT.resolve("deploy/common/openblas-coretype.sh").toString(), cpuinfo.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor());
    assertEquals(core, out);
  }

  /**
   * The CPU image's entrypoint, laid out as the Dockerfile copies it: a set OPENBLAS_CORETYPE is kept, a set empty
   * one removed, an unset one named from this machine's CPU; then Spark's entrypoint runs with the same arguments.
   */
  @Test
  void theCpuImagesEntrypointNamesTheKernelsThenRunsSparks(@TempDir Path tmp) throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile.cpu"));
    assertTrue(dockerfile.contains("COPY deploy/docker/entrypoint-cpu.sh /opt/sparkctr/entrypoint.sh"));
    assertTrue(dockerfile.contains("COPY deploy/common/openblas-coretype.sh /opt/sparkctr/openblas-coretype.sh"));
    assertTrue(dockerfile.contains("ENTRYPOINT [\"/opt/sparkctr/entrypoint.sh\"]"));
    Files.copy(ROOT.resolve("deploy/docker/entrypoint-cpu.sh"), tmp.resolve("entrypoint.sh"));
    Files.copy(ROOT.resolve("deploy/common/openblas-coretype.sh"), tmp.resolve("openblas-coretype.sh"));
    Process self = new ProcessBuilder("bash", "-c", "source \"$1\"; openblas_coretype", "-",
        ROOT.resolve("deploy/common/openblas-coretype.sh").toString()).start();
    String here = new String(self.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, self.waitFor());
    for (String set : new String[] {"Cooperlake", "", null}) {
      ProcessBuilder pb = new ProcessBuilder("bash", tmp.resolve("entrypoint.sh").toString(), "printenv", "OPENBLAS_CORETYPE");
      pb.environment().put("SPARKCTR_SPARK_ENTRYPOINT", "/usr/bin/env");
      pb.environment().remove("OPENBLAS_CORETYPE");
      if (set != null) {
        pb.environment().put("OPENBLAS_CORETYPE", set);
      }
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int code = p.waitFor();
      String expected = set == null ? here : set;
      assertEquals(expected, out, "OPENBLAS_CORETYPE " + (set == null ? "unset" : "'" + set + "'"));
      assertEquals(expected.isEmpty() ? 1 : 0, code, "printenv's exit: 1 when the variable is not in the environment");
    }
  }

  // ---- memory sizes: every form Spark reads, the same settings derived from each ----

  static final String YARN = "deploy/yarn/submit.sh";
  static final String K8S = "deploy/k8s/submit.sh";

  /** Spark's own reading of a memory size in MiB (what spark.executor.memory means); empty where Spark refuses it. */
  static OptionalLong sparkMib(String size) {
    try {
      return OptionalLong.of(JavaUtils.byteStringAs(size, ByteUnit.MiB));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** A size in MiB as the scripts print it: whole GiB as {@code <n>g}, else {@code <n>m}. */
  static String mibSize(long mib) {
    return mib % 1024 == 0 ? mib / 1024 + "g" : mib + "m";
  }

  /** The value of {@code --conf key=value} in a command's words. */
  static String conf(List<String> words, String key) {
    for (int i = 0; i + 1 < words.size(); i++) {
      if (words.get(i).equals("--conf") && words.get(i + 1).startsWith(key + "=")) {
        return words.get(i + 1).substring(key.length() + 1);
      }
    }
    throw new AssertionError("no --conf " + key + " in " + words);
  }

  /**
   * Sizes as users write them: every unit of Spark's (b, k/kb, m/mb, g/gb, t/tb, p/pb, none = MiB) in both
   * cases, leading zeros, blanks around, sizes that are not whole GiB and one Spark rounds down to whole MiB.
   * Executor memory, overhead, driver memory.
   */
  static final String[][] SIZE_FORMS = {
      {"12288m", "6g", "8g"}, {"12g", "6144", "8192m"}, {"12G", "6442450944b", "8GB"}, {"12gb", "6291456k", "8g"},
      {"12288", "6144MB", "8589934592B"}, {"12288M", "6291456KB", " 8g "}, {"12582912k", "6g", "08g"},
      {"12884901888b", "6g", "8g"}, {"012g", "6gB", "8g"}, {"\t12g\n", "6g", "8g"}, {"12000m", "1500k", "450m"},
      {"1t", "6g", "1Pb"}, {"1TB", "1048576", "1P"}, {"8g", "6g", "8g"}};

  static Stream<Arguments> sizeForms() {
    return Arrays.stream(SIZE_FORMS).map(f -> Arguments.of((Object[]) f));
  }

  /**
   * Each form, on YARN and Kubernetes: the sizes Spark reads from it, written as {@code <n>g} / {@code <n>m} (which
   * Spark, the JVM's -Xmx and JavaCPP all read alike), the JavaCPP limit = executor memory + overhead, and every
   * other sparkctr setting still there (a size in m used to drop them all).
   */
  @ParameterizedTest
  @MethodSource("sizeForms")
  void everySizeSparkReadsKeepsEverySettingAndDerivesTheLimitFromIt(String memory, String overhead, String driver)
      throws Exception {
    long memoryMib = sparkMib(memory).orElseThrow();
    long overheadMib = sparkMib(overhead).orElseThrow();
    long driverMib = sparkMib(driver).orElseThrow();
    Map<String, String> env = Map.of("SPARKCTR_EXECUTOR_MEMORY", memory, "SPARKCTR_EXECUTOR_OVERHEAD", overhead,
        "SPARKCTR_DRIVER_MEMORY", driver);
    for (String script : List.of(YARN, K8S)) {
      for (boolean gpu : List.of(false, true)) {
        List<String> args = new ArrayList<>(gpu ? List.of("--gpu") : List.of());
        args.addAll(List.of("train", "--conf", "conf/presets/criteo.conf"));
        List<String> w = words(env, script, args.toArray(new String[0]));
        String where = script + " " + env + " " + w;
        String executorMemory = script.equals(YARN) ? after(w, "--executor-memory") : conf(w, "spark.executor.memory");
        String driverMemory = script.equals(YARN) ? after(w, "--driver-memory") : conf(w, "spark.driver.memory");
        assertEquals(mibSize(memoryMib), executorMemory, where);
        assertEquals(mibSize(overheadMib), conf(w, "spark.executor.memoryOverhead"), where);
        assertEquals(mibSize(driverMib), driverMemory, where);
        // what is printed means the same to Spark, also where it reads bytes (its executor-memory check)
        assertEquals(memoryMib, sparkMib(executorMemory).orElseThrow());
        assertEquals(memoryMib << 20, JavaUtils.byteStringAsBytes(executorMemory));
        assertEquals("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + mibSize(memoryMib + overheadMib)
            + " -XX:+UseTransparentHugePages -Dlog4j2.configurationFile=" + (script.equals(YARN) ? "" : "/opt/sparkctr/conf/")
            + "log4j2.properties", conf(w, "spark.executor.extraJavaOptions"), where);
        assertTrue(conf(w, "spark.driver.extraJavaOptions").startsWith("-XX:+UseTransparentHugePages "), where);
        assertEquals("false", conf(w, "spark.dynamicAllocation.enabled"), where);
        assertEquals("org.apache.spark.serializer.KryoSerializer", conf(w, "spark.serializer"), where);
        assertEquals("org.nd4j.kryo.Nd4jRegistrator", conf(w, "spark.kryo.registrator"), where);
        if (gpu) {
          assertEquals("1", conf(w, "spark.executor.resource.gpu.amount"), where);
        }
        if (script.equals(YARN)) {
          assertEquals("PASSIVE", conf(w, "spark.yarn.appMasterEnv.OMP_WAIT_POLICY"), where);
        }
      }
    }
  }

  /**
   * A size Spark does not read (fractions, signs, words, unknown units, blanks inside), one it reads but does not
   * run with (0, a heap under its 450m minimum, under 1m in whole MiB) or over 1p: exit 2 before anything is
   * printed or submitted, naming the variable and the value; on both platforms.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SPARKCTR_EXECUTOR_MEMORY|12.5g", "SPARKCTR_EXECUTOR_MEMORY|lots", "SPARKCTR_EXECUTOR_MEMORY|-3g",
      "SPARKCTR_EXECUTOR_MEMORY|0", "SPARKCTR_EXECUTOR_MEMORY|+3g", "SPARKCTR_EXECUTOR_MEMORY|12 g",
      "SPARKCTR_EXECUTOR_MEMORY|12gib", "SPARKCTR_EXECUTOR_MEMORY|2p", "SPARKCTR_EXECUTOR_MEMORY|400m",
      "SPARKCTR_EXECUTOR_MEMORY|1e4m", "SPARKCTR_EXECUTOR_OVERHEAD|0", "SPARKCTR_EXECUTOR_OVERHEAD|100k",
      "SPARKCTR_EXECUTOR_OVERHEAD|6.5g", "SPARKCTR_EXECUTOR_OVERHEAD|x6g", "SPARKCTR_EXECUTOR_OVERHEAD|99999999999999999999g",
      "SPARKCTR_EXECUTOR_OVERHEAD|1048577g", "SPARKCTR_DRIVER_MEMORY|8g8", "SPARKCTR_DRIVER_MEMORY|449m",
      "SPARKCTR_DRIVER_MEMORY|0x10g", "SPARKCTR_DRIVER_MEMORY|8 gb"})
  void aSizeSparkDoesNotTakeExitsTwoNamingTheVariable(String variable, String value) throws Exception {
    OptionalLong spark = sparkMib(value);
    long least = variable.equals("SPARKCTR_EXECUTOR_OVERHEAD") ? 1 : 450;
    assertTrue(spark.isEmpty() || spark.getAsLong() < least || spark.getAsLong() > 1L << 30,
        value + ": refused only where Spark refuses it, cannot start with it, or it is over 1p");
    for (String script : List.of(YARN, K8S)) {
      Run r = submit(Map.of(variable, value), ROOT, script, "train", "--conf", "conf/presets/criteo.conf");
      assertEquals(2, r.code(), script + " " + r);
      assertEquals("", r.out(), "nothing printed or submitted");
      assertTrue(r.err().startsWith("Cannot use " + variable + "='" + value + "': "), r.err());
    }
  }

  // ---- spark-submit's own options after `--` ----

  @ParameterizedTest
  @CsvSource({"deploy/yarn/submit.sh,false", "deploy/k8s/submit.sh,false", "deploy/yarn/submit.sh,true"})
  void optionsAfterTheSeparatorGoToSparkSubmitBeforeTheJar(String script, boolean gpu) throws Exception {
    List<String> args = new ArrayList<>(gpu ? List.of("--gpu") : List.of());
    args.addAll(List.of("train", "--conf", "conf/presets/criteo.conf", "--date", "2026-01-05", "--",
        "--conf", "spark.yarn.jars=hdfs:///spark/jars/*.jar", "--verbose", "--conf=spark.eventLog.enabled=true",
        "--jars", "hdfs:///lib/extra.jar"));
    List<String> w = words(Map.of(), script, args.toArray(new String[0]));
    boolean yarn = script.equals(YARN);
    String jar = yarn ? ROOT.resolve("spark-jobs/target/" + jarName(gpu)).toString() : "local:///opt/sparkctr/" + jarName(gpu);
    int j = w.indexOf(jar);
    assertTrue(j > 0, w.toString());
    assertEquals(List.of("--conf", "spark.yarn.jars=hdfs:///spark/jars/*.jar", "--verbose",
        "--conf=spark.eventLog.enabled=true", "--jars", "hdfs:///lib/extra.jar"), w.subList(j - 6, j), "just before the jar");
    assertEquals(List.of("train", "--conf", yarn ? "criteo.conf" : "/opt/sparkctr/conf/presets/criteo.conf", "--date",
        "2026-01-05"), w.subList(j + 1, w.size()), "the command's own arguments, without the separator");
    assertFalse(w.contains("--"), w.toString());
    if (yarn && !gpu) {
      assertEquals(ROOT.resolve("conf/log4j2.properties") + "," + ROOT.resolve("conf/presets/criteo.conf"), after(w, "--files"),
          "only the config is shipped");
    }
    // the script's own settings are all still there
    assertEquals("org.nd4j.kryo.Nd4jRegistrator", conf(w, "spark.kryo.registrator"));
  }

  /** After `--` only spark-submit options, and none that sets what the script derives and sets itself. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "deploy/yarn/submit.sh|--executor-memory 16g|spark.executor.memory",
      "deploy/k8s/submit.sh|--executor-memory 16g|spark.executor.memory",
      "deploy/yarn/submit.sh|--conf spark.executor.memory=16g|spark.executor.memory",
      "deploy/k8s/submit.sh|--conf spark.executor.memoryOverhead=8g|spark.executor.memoryOverhead",
      "deploy/yarn/submit.sh|--conf=spark.executor.extraJavaOptions=-Dx|spark.executor.extraJavaOptions",
      "deploy/yarn/submit.sh|--driver-java-options -Dx|spark.driver.extraJavaOptions",
      "deploy/k8s/submit.sh|-c spark.kryo.registrator=x|spark.kryo.registrator",
      "deploy/yarn/submit.sh|--files a.txt|spark.files",
      "deploy/yarn/submit.sh|--queue=other|spark.yarn.queue",
      "deploy/k8s/submit.sh|--verbose --conf spark.kubernetes.container.image=x:latest|spark.kubernetes.container.image",
      "deploy/yarn/submit.sh|--verbose app.jar|not an option",
      "deploy/k8s/submit.sh|train|not an option"})
  void optionsAfterTheSeparatorMayNotSetWhatTheScriptSets(String script, String extra, String named) throws Exception {
    List<String> args = new ArrayList<>(List.of("train", "--conf", "conf/presets/criteo.conf", "--"));
    args.addAll(List.of(extra.split(" ")));
    Run r = submit(Map.of(), ROOT, script, args.toArray(new String[0]));
    assertEquals(2, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("Cannot pass '") && r.err().contains(named), r.err());
  }

  // ---- --conf: a local path, relative to the current directory, on both platforms ----

  @Test
  void confPathsResolveAgainstTheCurrentDirectoryOnYarnAndKubernetes() throws Exception {
    Path preset = ROOT.resolve("conf/presets/criteo.conf");
    Path jobs = ROOT.resolve("spark-jobs");
    for (String[] call : new String[][] {{ROOT.toString(), "conf/presets/criteo.conf"}, {jobs.toString(), "../conf/presets/criteo.conf"},
        {jobs.toString(), preset.toString()}, {ROOT.toString(), "./conf/presets/../presets/criteo.conf"}}) {
      for (String form : List.of("separate", "joined")) {
        String[] args = form.equals("separate") ? new String[] {"train", "--conf", call[1]} : new String[] {"train", "--conf=" + call[1]};
        String where = call[0] + " " + String.join(" ", args);
        Run yarn = submit(Map.of(), Path.of(call[0]), YARN, args);
        assertEquals(0, yarn.code(), where + yarn);
        List<String> y = shellWords(yarn.out());
        assertEquals(ROOT.resolve("conf/log4j2.properties") + "," + preset, after(y, "--files"), where);
        assertEquals(List.of("train", "--conf", "criteo.conf"), y.subList(y.size() - 3, y.size()), where);
        Run k8s = submit(Map.of(), Path.of(call[0]), K8S, args);
        assertEquals(0, k8s.code(), where + k8s);
        List<String> k = shellWords(k8s.out());
        assertEquals(List.of("train", "--conf", "/opt/sparkctr/conf/presets/criteo.conf"), k.subList(k.size() - 3, k.size()), where);
      }
    }
    // the ConfigMap's mount: no local file needed on Kubernetes; YARN ships only files that exist
    List<String> site = words(Map.of(), K8S, "nightly", "--conf", "conf/site/my-dataset.conf");
    assertEquals("/opt/sparkctr/conf/site/my-dataset.conf", site.get(site.size() - 1));
    Run missing = submit(Map.of(), ROOT, YARN, "nightly", "--conf", "conf/site/my-dataset.conf");
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("Cannot ship --conf conf/site/my-dataset.conf: no such file"), missing.err());
    // Kubernetes runs what the image holds: this checkout's conf/, nothing outside it
    Run outside = submit(Map.of(), jobs, K8S, "nightly", "--conf", "conf/presets/criteo.conf");
    assertEquals(2, outside.code());
    assertTrue(outside.err().contains("is outside " + ROOT.resolve("conf")), outside.err());
    Run absent = submit(Map.of(), ROOT, K8S, "nightly", "--conf", "conf/presets/nope.conf");
    assertEquals(2, absent.code());
    assertTrue(absent.err().startsWith("Cannot pass --conf conf/presets/nope.conf to Kubernetes: no such file"), absent.err());
  }

  /**
   * The YARN DAG: SparkSubmitOperator in cluster mode with the real main class, command, jar and config, and
   * the same Spark settings and sizing as deploy/yarn/submit.sh; no Variable read at parse time.
   */
  @Test
  void yarnDagSubmitsTheRealJobInClusterModeWithTheSubmitScriptsSettings(@TempDir Path tmp) throws Exception {
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

    // Kerberos the spark-submit way
    assertTrue(py.contains("principal=\"{{ var.value.get('sparkctr_principal', '') }}\""));
    assertTrue(py.contains("keytab=\"{{ var.value.get('sparkctr_keytab', '') }}\""));
    checkDagShape(py);
    compilePython("deploy/airflow/sparkctr_nightly.py");
    // every spark-submit setting of yarn/submit.sh is in the DAG with the same value (the DAG as Airflow builds it)
    DeployDagsTest.assertYarnDagAsScript(DeployDagsTest.run("deploy/airflow/sparkctr_nightly.py", "airflow3", tmp,
        DeployDagsTest.variables(tmp)), Map.of());
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
