package io.sparkctr.jobs;

import static io.sparkctr.jobs.DeployScriptsTest.ROOT;
import static io.sparkctr.jobs.DeployScriptsTest.REVISION;
import static io.sparkctr.jobs.DeployScriptsTest.after;
import static io.sparkctr.jobs.DeployScriptsTest.dryRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.common.json.Json;
import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.NightlyResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/airflow/sparkctr_airflow.py, what the DAGs run to learn the gate's decision in cluster mode, on
 * registries laid out by the real classes: a result.json written from {@link NightlyResult} with the job's JSON
 * mapper under {@link ModelRegistry#VERSIONS}/date, the completion marker, read directly and through a Hadoop
 * FsShell command. Needs python3 (present here and in CI; the tests are skipped, saying so, without it).
 */
class DeployAirflowSupportTest {
  static final Path SUPPORT = ROOT.resolve("deploy/airflow/sparkctr_airflow.py");
  static final String MARKER = "_SPARKCTR_COMPLETE";

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void python() {
    Assumptions.assumeTrue(DeployScriptsTest.python3(), "python3 present");
  }

  static Run support(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3", SUPPORT.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // nothing written into deploy/
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return new Run(p.waitFor(), out, err);
  }

  /** A registry version as {@code nightly} writes it: result.json from the record, optionally the marker. */
  static Path version(Path registry, String date, boolean published, boolean complete) throws IOException {
    Path dir = registry.resolve(ModelRegistry.VERSIONS).resolve(date);
    Files.createDirectories(dir);
    NightlyResult.Metrics m = new NightlyResult.Metrics(1000, 30, 0.75, 0.13, 0.9, 1.01);
    NightlyResult r = new NightlyResult(date, published, published ? List.of() : List.of("AUC dropped by 0.01"), m,
        "2026-11-22", m, "hdfs:///logs/date=" + date);
    Files.writeString(dir.resolve(NightlyJob.RESULT), Json.PRETTY.writeValueAsString(r));
    if (complete) {
      Files.writeString(dir.resolve(MARKER), "");
    }
    return dir;
  }

  @Test
  void decisionIsReadFromTheRecordedResultOfACompleteVersion(@TempDir Path registry) throws Exception {
    version(registry, "2026-11-23", true, true);
    version(registry, "2026-11-24", false, true);
    assertEquals(new Run(0, "published", ""), support("decision", registry.toString(), "2026-11-23"));
    assertEquals(new Run(0, "rejected", ""), support("decision", registry.toString(), "2026-11-24"));
    assertEquals("rejected", support("decision", "file://" + registry, "2026-11-24").out());
    assertEquals("rejected", support("decision", registry + "/", "2026-11-24").out());
  }

  @Test
  void anIncompleteOrForeignVersionIsAFailureNotADecision(@TempDir Path registry) throws Exception {
    Path dir = version(registry, "2026-11-23", true, false);
    Run r = support("decision", registry.toString(), "2026-11-23");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("IncompleteError") && r.err().contains(MARKER), r.err());
    Run missing = support("decision", registry.toString(), "2026-11-25");
    assertEquals(2, missing.code(), "no version at all");
    // a result.json recorded for another date, or without a boolean 'published'
    Files.writeString(dir.resolve(MARKER), "");
    Files.writeString(dir.resolve(NightlyJob.RESULT), "{\"date\": \"2026-11-22\", \"published\": true}");
    assertTrue(support("decision", registry.toString(), "2026-11-23").err().contains("records date"));
    Files.writeString(dir.resolve(NightlyJob.RESULT), "{\"date\": \"2026-11-23\", \"published\": \"yes\"}");
    assertTrue(support("decision", registry.toString(), "2026-11-23").err().contains("no boolean 'published'"));
    Files.writeString(dir.resolve(NightlyJob.RESULT), "{\"date\": ");
    assertTrue(support("decision", registry.toString(), "2026-11-23").err().contains("not JSON"));
  }

  /** Through a Hadoop FsShell ({@code hdfs dfs -test -e}, {@code -cat}): a stand-in that logs its calls. */
  @Test
  void theHadoopShellIsCalledWithTestAndCat(@TempDir Path tmp) throws Exception {
    Path registry = tmp.resolve("registry");
    version(registry, "2026-11-24", false, true);
    Path log = tmp.resolve("calls.log");
    Path fs = tmp.resolve("fake-hdfs");
    Files.writeString(fs, String.join("\n", "#!/usr/bin/env bash",
        "echo \"$*\" >> " + log,
        "[[ \"$1\" == dfs ]] || exit 255",
        "case \"$2\" in",
        "  -test) [[ \"$3\" == -e ]] || exit 255; p=\"${4#hdfs://nn:8020}\"; [[ -e \"$p\" ]] && exit 0 || exit 1 ;;",
        "  -cat) p=\"${3#hdfs://nn:8020}\"; exec cat \"$p\" ;;",
        "  *) exit 255 ;;",
        "esac", ""));
    Files.setPosixFilePermissions(fs, PosixFilePermissions.fromString("rwxr-xr-x"));
    String uri = "hdfs://nn:8020" + registry;
    assertEquals(new Run(0, "rejected", ""), support("decision", uri, "2026-11-24", "--fs-command", fs + " dfs"));
    List<String> calls = Files.readAllLines(log);
    assertEquals(List.of("dfs -test -e " + uri + "/versions/2026-11-24/" + MARKER,
        "dfs -cat " + uri + "/versions/2026-11-24/result.json"), calls);
    // the logs sensor's check: present / absent; a broken shell is an error, not "absent"
    Files.createDirectories(tmp.resolve("logs/date=2026-11-24"));
    Files.writeString(tmp.resolve("logs/date=2026-11-24/_SUCCESS"), "");
    assertEquals(0, support("exists", "hdfs://nn:8020" + tmp + "/logs/date=2026-11-24/_SUCCESS", "--fs-command", fs + " dfs").code());
    assertEquals(1, support("exists", "hdfs://nn:8020" + tmp + "/logs/date=2026-11-25/_SUCCESS", "--fs-command", fs + " dfs").code());
    Run broken = support("exists", "/x", "--fs-command", fs + " nodfs");
    assertEquals(2, broken.code());
    assertTrue(broken.err().contains("OSError"), broken.err());
  }

  @Test
  void onlyImmutableImagesPassTheCheck() throws Exception {
    // what build.sh tags is accepted, for both images
    for (List<String> args : List.of(List.<String>of(), List.of("--gpu"))) {
      String image = after(dryRun("deploy/docker/build.sh", args.toArray(new String[0])), "-t");
      assertTrue(image.contains(REVISION.substring(0, 12)), image);
      assertEquals(0, support("check-image", "registry.example.com:5000/ml/" + image).code(), image);
    }
    assertEquals(0, support("check-image", "registry.example.com/ml/sparkctr@sha256:" + "a".repeat(64)).code());
    for (String moving : List.of("sparkctr:cpu", "sparkctr:cuda", "registry.example.com/ml/sparkctr:latest",
        "registry.example.com/ml/sparkctr", "sparkctr:0.1.0", "sparkctr:main-3f2c9a1b7d4e", "{{ var.value.sparkctr_image }}")) {
      Run r = support("check-image", moving);
      assertEquals(2, r.code(), moving);
      assertTrue(r.err().contains("is not immutable"), r.err());
    }
  }

  /**
   * The DAGs' memory sizes (memory_sizes) over every form the scripts are tested with: the sizes Spark reads, written
   * as the scripts write them, and the JavaCPP limit derived from them as the scripts derive it.
   */
  @ParameterizedTest
  @MethodSource("io.sparkctr.jobs.DeployScriptsTest#sizeForms")
  void dagSizesAreReadAsSparkAndTheScriptsReadThem(String memory, String overhead, String driver) throws Exception {
    Run r = support("sizes", memory, overhead, driver);
    assertEquals(0, r.code(), r.err());
    long m = DeployScriptsTest.sparkMib(memory).orElseThrow();
    long o = DeployScriptsTest.sparkMib(overhead).orElseThrow();
    long d = DeployScriptsTest.sparkMib(driver).orElseThrow();
    Map<String, String> expected = Map.of("executor_memory", DeployScriptsTest.mibSize(m), "executor_overhead",
        DeployScriptsTest.mibSize(o), "driver_memory", DeployScriptsTest.mibSize(d), "max_physical_bytes",
        DeployScriptsTest.mibSize(m + o));
    assertEquals(expected, new ObjectMapper().readValue(r.out(), Map.class));
    // the same as the YARN script's dry run with these settings
    List<String> w = DeployScriptsTest.words(Map.of("SPARKCTR_EXECUTOR_MEMORY", memory, "SPARKCTR_EXECUTOR_OVERHEAD",
        overhead, "SPARKCTR_DRIVER_MEMORY", driver), "deploy/yarn/submit.sh", "train");
    assertEquals(expected.get("executor_memory"), after(w, "--executor-memory"));
    assertTrue(DeployScriptsTest.conf(w, "spark.executor.extraJavaOptions")
        .startsWith("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + expected.get("max_physical_bytes") + " "));
  }

  /** What the scripts refuse, the DAGs' sizes refuse, naming the setting and the value. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"0|EXECUTOR_MEMORY|0", "0|EXECUTOR_MEMORY|12.5g", "0|EXECUTOR_MEMORY|-3g",
      "0|EXECUTOR_MEMORY|lots", "0|EXECUTOR_MEMORY|449m", "0|EXECUTOR_MEMORY|2p", "1|EXECUTOR_OVERHEAD|100k",
      "1|EXECUTOR_OVERHEAD|+6g", "1|EXECUTOR_OVERHEAD|6 g", "1|EXECUTOR_OVERHEAD|6gib", "2|DRIVER_MEMORY|1e4m",
      "2|DRIVER_MEMORY|99999999999999999999g", "2|DRIVER_MEMORY|8g8"})
  void dagSizesRefuseWhatSparkDoesNotTake(int position, String setting, String value) throws Exception {
    List<String> args = new ArrayList<>(List.of("sizes", "8g", "6g", "8g"));
    args.set(1 + position, value);
    Run r = support(args.toArray(new String[0]));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("ValueError: Cannot use " + setting + "='" + value + "': "), r.err());
  }
}
