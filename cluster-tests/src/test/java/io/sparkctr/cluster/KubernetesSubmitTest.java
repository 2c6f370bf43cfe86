package io.sparkctr.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.KubernetesConf;
import org.apache.spark.deploy.k8s.KubernetesExecutorConf;
import org.apache.spark.deploy.k8s.SparkPod;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfile$;
import org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code deploy/k8s/submit.sh} run for real against a Kubernetes API server: Spark's own Kubernetes submission client
 * ({@code spark-submit --master k8s://http://127.0.0.1:PORT --deploy-mode cluster}, spark-kubernetes_2.12 from the
 * tests' {@code SPARK_HOME}) creates the driver pod, its Spark configuration ConfigMap, the executor pod template's
 * ConfigMap and the driver's Service in fabric8's mock API server in CRUD mode, which stores them as an API server
 * does; the test reads them back through the API (fabric8's client of Spark's Kubernetes support) and asserts what the
 * script set: the image's immutable tag, the service accounts, the driver's memory and cores as pod resources,
 * executor memory and overhead, huge pages and JavaCPP's limit in the configuration the driver mounts, the pod
 * templates. {@code spark.kubernetes.submission.waitAppCompletion=false}: no kubelet runs the pod, so the executor
 * pods the driver would request are built here with Spark's own {@code KubernetesExecutorBuilder} from that mounted
 * configuration and the stored driver pod, as the driver's allocator builds them: memory + overhead as the pod's
 * limit, huge pages and JavaCPP's limit in the executor JVM's options, and with {@code --gpu} one
 * {@code nvidia.com/gpu} per executor on GPU nodes.
 *
 * <p><b>Why the API server is fabric8 8.x in a JVM of its own.</b> The issue asked for fabric8's
 * {@code kubernetes-server-mock} at the client version that spark-kubernetes_2.12 3.5.x uses, 6.7.2. That needs
 * {@code io.fabric8:mockwebserver} 6.7.2, which the Maven mirror these tests are built against does not serve (it
 * serves both from 7.x on; 8.0.0 resolves with all its dependencies). 7.x/8.x on the test classpath would replace
 * Spark's 6.7.2 client by Maven's version mediation (one version per artifact; 8.x's client is also built on Jackson 3
 * and Vert.x 5), and then the test would no longer run Spark's submission as it runs. So the server is module {@code k8s-api-mock}: {@code kubernetes-server-mock} 8.0.0 and its
 * own dependencies in {@code k8s-api-mock/target/lib}, started as a child JVM ({@code io.sparkctr.k8smock.MockApiServer},
 * loopback, a free port, stopped when its standard input closes). The two sides speak only Kubernetes' REST API over
 * HTTP, as a real cluster's API server and Spark's client do.
 *
 * <p>What this does not show: a kubelet pulling the image and running the driver, the driver's executors, RBAC and
 * the NetworkPolicy being enforced, GPU nodes (see deploy/README.md, "What runs against ... in the tests").
 */
@Tag("k8s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesSubmitTest {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSubmitTest.class);
  static final String REGISTRY = "registry.example.test/ml/";
  /** Sizes not in whole g (the scripts rewrite them; Spark adds them up for the pods' limits). */
  static final Map<String, String> SIZES = Map.of("SPARKCTR_EXECUTORS", "3", "SPARKCTR_EXECUTOR_CORES", "2",
      "SPARKCTR_EXECUTOR_MEMORY", "1536m", "SPARKCTR_EXECUTOR_OVERHEAD", "2g", "SPARKCTR_DRIVER_MEMORY", "2560m",
      "SPARKCTR_DRIVER_CORES", "2");
  /** The driver pod's memory: 2560m + Spark's overhead for a JVM driver, max(10%, 384 MiB). */
  static final String DRIVER_POD_MEMORY = "2944Mi";
  /** An executor pod's memory: 1536m + 2g. */
  static final String EXECUTOR_POD_MEMORY = "3584Mi";

  Path root;
  Path dir;
  Path bin;
  Process server;
  String api;
  KubernetesClient client;
  String tag;

  @BeforeAll
  void start() throws Exception {
    root = Path.of(System.getProperty("sparkctr.root")).toRealPath();
    dir = Files.createDirectories(Path.of(System.getProperty("k8s.dir")));
    bin = Files.createDirectories(dir.resolve("bin"));
    YarnHdfsCluster.sparkSubmit(bin);
    Path mock = Path.of(System.getProperty("k8s.api.mock"));
    List<Path> jars;
    try (var s = Files.list(mock)) {
      jars = s.filter(p -> p.getFileName().toString().matches("sparkctr-k8s-api-mock-.*\\.jar")).toList();
    }
    assertEquals(1, jars.size(), "the k8s-api-mock module's jar in " + mock + " (built before this module)");
    assertTrue(Files.isDirectory(mock.resolve("lib")), mock.resolve("lib") + ": k8s-api-mock's dependencies");
    long t0 = System.nanoTime();
    server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", mock.resolve("lib") + "/*" + File.pathSeparator
        + jars.get(0), "io.sparkctr.k8smock.MockApiServer")
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          seen.append(line).append('\n');
          if (line.startsWith("sparkctr-k8s-api-mock listening on ")) {
            return line.substring("sparkctr-k8s-api-mock listening on ".length());
          }
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    api = url.get(60, TimeUnit.SECONDS);
    assertNotNull(api, "the API server did not start:\n" + seen);
    Thread drain = new Thread(() -> { // keep the server's log flowing (it would block on a full pipe)
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (IOException e) {
        // the server ended
      }
    }, "k8s-api-mock-log");
    drain.setDaemon(true);
    drain.start();
    LOG.info(String.format("Kubernetes API server (fabric8 mock, CRUD) at %s in %.1f s", api,
        (System.nanoTime() - t0) / 1e9));
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(api)
        .withRequestTimeout(30_000).build()).build();
    tag = imageTag();
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.getOutputStream().close(); // the server stops when its standard input closes
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** {@code <project version>-<commit, 12 hex digits>}: what deploy/docker/build.sh tags from this checkout. */
  String imageTag() throws Exception {
    Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD").start();
    String commit = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, git.waitFor());
    assertTrue(commit.matches("[0-9a-f]{40}"), commit);
    return System.getProperty("sparkctr.version") + "-" + commit.substring(0, 12);
  }

  /** deploy/k8s/submit.sh from the repository root, into {@code namespace}, not waiting for the application. */
  YarnHdfsCluster.Run submit(String namespace, String name, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("deploy/k8s/submit.sh").toString()));
    cmd.addAll(args);
    cmd.addAll(List.of("--", "--conf", "spark.kubernetes.submission.waitAppCompletion=false"));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.remove("HADOOP_CONF_DIR"); // Spark would ship it as a ConfigMap
    env.remove("SPARKCTR_IMAGE");
    env.remove("SPARKCTR_REVISION");
    env.putAll(SIZES);
    env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    env.put("SPARK_HOME", System.getProperty("spark.home"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("KUBECONFIG", dir.resolve("no-kubeconfig").toString()); // nothing of the host's clusters
    env.put("SPARKCTR_K8S_MASTER", "k8s://" + api);
    env.put("SPARKCTR_NAMESPACE", namespace);
    env.put("SPARKCTR_REGISTRY", REGISTRY);
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("spark-submit did not return:\n" + Files.readString(log));
    }
    double s = (System.nanoTime() - t0) / 1e9;
    LOG.info(String.format("%.1f s, exit %d: %s", s, p.exitValue(), String.join(" ", cmd)));
    return new YarnHdfsCluster.Run(p.exitValue(), Files.readString(log), s);
  }

  /** The one pod in {@code namespace} that the API server stored, with its labels. */
  Pod driverPod(String namespace, YarnHdfsCluster.Run run) {
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    assertEquals(1, pods.size(), "pods in " + namespace + " (the driver alone): " + pods + "\n" + run.tail());
    Pod pod = pods.get(0);
    assertEquals("driver", pod.getMetadata().getLabels().get("spark-role"), pod.toString());
    return pod;
  }

  /** A ConfigMap of {@code namespace} by name, owned by the driver pod (deleted with it). */
  ConfigMap configMap(String namespace, String name, Pod driver) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    assertNotNull(map, "no ConfigMap " + name + " in " + namespace + ": "
        + client.configMaps().inNamespace(namespace).list().getItems());
    assertEquals(driver.getMetadata().getUid(), map.getMetadata().getOwnerReferences().get(0).getUid(),
        name + " owned by the driver pod");
    return map;
  }

  /** The Spark configuration the driver reads: spark.properties of the ConfigMap its pod mounts at SPARK_CONF_DIR. */
  Properties driverConf(String namespace, Pod driver) throws IOException {
    Container c = driver.getSpec().getContainers().get(0);
    String confDir = env(c).get("SPARK_CONF_DIR");
    assertNotNull(confDir, "SPARK_CONF_DIR in " + c.getEnv());
    ConfigMap map = configMap(namespace, mounted(driver, confDir).getConfigMap().getName(), driver);
    Properties p = new Properties();
    p.load(new StringReader(map.getData().get("spark.properties")));
    return p;
  }

  static Map<String, String> env(Container c) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar e : c.getEnv()) {
      env.put(e.getName(), e.getValue());
    }
    return env;
  }

  /** The ConfigMap mounted in the driver's container at {@code mountPath}, and the volume's items. */
  Volume mounted(Pod driver, String mountPath) {
    Container c = driver.getSpec().getContainers().get(0);
    String volume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath)).findFirst()
        .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath + ": " + c.getVolumeMounts()))
        .getName();
    Volume v = driver.getSpec().getVolumes().stream().filter(x -> x.getName().equals(volume)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + volume));
    assertNotNull(v.getConfigMap(), v.toString());
    return v;
  }

  /** The executor pod template the driver reads (spark.kubernetes.executor.podTemplateFile), from its ConfigMap. */
  String executorTemplate(String namespace, Pod driver, Properties conf) {
    Path file = Path.of(conf.getProperty("spark.kubernetes.executor.podTemplateFile"));
    Volume v = mounted(driver, file.getParent().toString());
    String key = v.getConfigMap().getItems().stream().filter(i -> i.getPath().equals(file.getFileName().toString()))
        .findFirst().orElseThrow(() -> new AssertionError(file + " not in " + v)).getKey();
    return configMap(namespace, v.getConfigMap().getName(), driver).getData().get(key);
  }

  /**
   * The executor pod the driver would request for executor 1: Spark's KubernetesExecutorBuilder on the driver's
   * configuration (with the template at a local path instead of the driver's mount) and the stored driver pod,
   * created through the API server as the driver's allocator creates it, and read back.
   */
  Pod executorPod(Properties driverConf, String template, Pod driver) throws IOException {
    SparkConf conf = new SparkConf(false);
    driverConf.stringPropertyNames().forEach(k -> conf.set(k, driverConf.getProperty(k)));
    Path file = Files.writeString(Files.createTempFile(dir, "executor-template", ".yaml"), template);
    conf.set("spark.kubernetes.executor.podTemplateFile", file.toString());
    ResourceProfile$.MODULE$.clearDefaultProfile();
    ResourceProfile profile = ResourceProfile$.MODULE$.getOrCreateDefaultProfile(conf);
    KubernetesExecutorConf executorConf = KubernetesConf.createExecutorConf(conf, "1",
        conf.get("spark.app.id"), scala.Option.apply(driver), profile.id());
    SecurityManager security = new SecurityManager(conf, scala.Option.empty(),
        org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE());
    SparkPod built = new KubernetesExecutorBuilder().buildFromFeatures(executorConf, security, client, profile).pod();
    // as ExecutorPodsAllocator requests it: the container attached, created through the API server
    Pod pod = new PodBuilder(built.pod()).editOrNewSpec().addToContainers(built.container()).endSpec().build();
    client.pods().inNamespace(driver.getMetadata().getNamespace()).resource(pod).create();
    return client.pods().inNamespace(driver.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
  }

  /** What both submissions share: the driver pod, its configuration, the template's labels, the executor pod. */
  record Submitted(Pod driver, Properties conf, String template, Pod executor) {}

  Submitted submitted(String namespace, String name, String... args) throws Exception {
    YarnHdfsCluster.Run run = submit(namespace, name, List.of(args));
    assertEquals(0, run.code(), run.tail());
    assertTrue(run.output().contains("Deployed Spark application sparkctr-train"), run.tail());
    Pod driver = driverPod(namespace, run);
    Properties conf = driverConf(namespace, driver);
    String template = executorTemplate(namespace, driver, conf);
    Pod executor = executorPod(conf, template, driver);
    // the driver's Service (spark.driver.host of the executors), on the fixed ports of networkpolicy.yaml
    List<Service> services = client.services().inNamespace(namespace).list().getItems();
    assertEquals(1, services.size(), services.toString());
    assertEquals(List.of(7078, 7079), services.get(0).getSpec().getPorts().stream()
        .map(p -> p.getPort()).filter(p -> p == 7078 || p == 7079).sorted().toList(), services.toString());
    assertTrue(conf.getProperty("spark.driver.host").startsWith(services.get(0).getMetadata().getName() + "."));
    return new Submitted(driver, conf, template, executor);
  }

  /** Common to CPU and GPU: service accounts, sizes as pod resources and settings, huge pages, JavaCPP's limit. */
  void sizesAndSettings(Submitted s, String image) {
    Pod driver = s.driver();
    Container c = driver.getSpec().getContainers().get(0);
    assertEquals(REGISTRY + "sparkctr:" + image, c.getImage());
    assertEquals("sparkctr-driver", driver.getSpec().getServiceAccountName());
    assertEquals("sparkctr", driver.getMetadata().getLabels().get("app.kubernetes.io/name"), "driver-pod.yaml's labels");
    assertEquals("driver", driver.getMetadata().getLabels().get("app.kubernetes.io/component"));
    assertEquals("Never", driver.getSpec().getRestartPolicy());
    assertTrue(driver.getSpec().getVolumes().stream().anyMatch(v -> v.getConfigMap() != null
        && "sparkctr-conf".equals(v.getConfigMap().getName()) && v.getConfigMap().getOptional()), "site configs");
    assertEquals(new Quantity(DRIVER_POD_MEMORY), c.getResources().getLimits().get("memory"));
    assertEquals(new Quantity(DRIVER_POD_MEMORY), c.getResources().getRequests().get("memory"));
    assertEquals(new Quantity("2"), c.getResources().getRequests().get("cpu"));
    assertTrue(c.getPorts().stream().anyMatch(p -> p.getContainerPort() == 7078), c.getPorts().toString());

    Properties p = s.conf();
    assertEquals("2560m", p.getProperty("spark.driver.memory"));
    assertEquals("1536m", p.getProperty("spark.executor.memory"));
    assertEquals("2g", p.getProperty("spark.executor.memoryOverhead"));
    assertEquals("3", p.getProperty("spark.executor.instances"));
    assertEquals("2", p.getProperty("spark.executor.cores"));
    assertEquals("sparkctr-executor", p.getProperty("spark.kubernetes.authenticate.executor.serviceAccountName"));
    assertEquals("false", p.getProperty("spark.dynamicAllocation.enabled"));
    assertEquals("org.nd4j.kryo.Nd4jRegistrator", p.getProperty("spark.kryo.registrator"));
    assertEquals("cluster", p.getProperty("spark.submit.deployMode"));
    // the driver's JVM: the image's spark-submit (client mode in the pod) reads these from the mounted properties
    String driverOpts = p.getProperty("spark.driver.extraJavaOptions");
    assertTrue(driverOpts.contains("-XX:+UseTransparentHugePages"), driverOpts);
    String executorOpts = p.getProperty("spark.executor.extraJavaOptions");
    assertTrue(executorOpts.contains("-XX:+UseTransparentHugePages")
        && executorOpts.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=3584m"), executorOpts);

    Pod executor = s.executor();
    Container e = executor.getSpec().getContainers().get(0);
    assertEquals(REGISTRY + "sparkctr:" + image, e.getImage());
    assertEquals("sparkctr-executor", executor.getSpec().getServiceAccountName());
    assertEquals(new Quantity(EXECUTOR_POD_MEMORY), e.getResources().getLimits().get("memory"));
    assertEquals(new Quantity("2"), e.getResources().getRequests().get("cpu"));
    String javaOpts = env(e).entrySet().stream().filter(x -> x.getKey().startsWith("SPARK_JAVA_OPT_"))
        .map(Map.Entry::getValue).collect(Collectors.joining(" "));
    assertTrue(javaOpts.contains("-XX:+UseTransparentHugePages")
        && javaOpts.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=3584m"), javaOpts);
    assertEquals("1536m", env(e).get("SPARK_EXECUTOR_MEMORY"));
    assertEquals("1", env(e).get("OMP_NUM_THREADS"), "the executor template's environment");
    assertEquals(driver.getMetadata().getName(), executor.getMetadata().getOwnerReferences().get(0).getName());
  }

  /** A CPU train: the CPU image at this checkout's tag, the CPU executor template, no GPU anywhere. */
  @Test
  void trainCreatesTheDriverPodWithTheScriptsSettings() throws Exception {
    Submitted s = submitted("sparkctr-cpu", "train-cpu", "train", "--conf", "conf/presets/synthetic.conf",
        "--features", "s3a://bucket/features", "--model-out", "s3a://bucket/model");
    sizesAndSettings(s, tag);
    Container c = s.driver().getSpec().getContainers().get(0);
    assertEquals(List.of("driver", "--properties-file", "/opt/spark/conf/spark.properties", "--class",
        "io.sparkctr.jobs.cli.Main", "local:///opt/sparkctr/sparkctr.jar", "train", "--conf",
        "/opt/sparkctr/conf/presets/synthetic.conf", "--features", "s3a://bucket/features", "--model-out",
        "s3a://bucket/model"), c.getArgs());
    assertTrue(s.template().contains("app.kubernetes.io/component: executor\n"), s.template());
    assertEquals("executor", s.executor().getMetadata().getLabels().get("app.kubernetes.io/component"));
    assertNull(s.conf().getProperty("spark.executor.resource.gpu.amount"));
    assertFalse(s.executor().getSpec().getContainers().get(0).getResources().getLimits().containsKey("nvidia.com/gpu"));
  }

  /**
   * {@code --gpu}: the CUDA image and jar, one GPU per executor from the vendor nvidia.com (the executor pod's limit
   * nvidia.com/gpu: 1), each task a 1/cores share, the discovery script in the image, and the GPU template's node
   * selector and toleration.
   */
  @Test
  void gpuTrainRequestsOneNvidiaGpuPerExecutorOnGpuNodes() throws Exception {
    Submitted s = submitted("sparkctr-gpu", "train-gpu", "--gpu", "train", "--conf", "conf/presets/synthetic.conf",
        "--features", "s3a://bucket/features", "--model-out", "s3a://bucket/model");
    sizesAndSettings(s, tag + "-cuda");
    assertTrue(s.driver().getSpec().getContainers().get(0).getArgs().contains("local:///opt/sparkctr/sparkctr-cuda.jar"));
    Properties p = s.conf();
    assertEquals("1", p.getProperty("spark.executor.resource.gpu.amount"));
    assertEquals("nvidia.com", p.getProperty("spark.executor.resource.gpu.vendor"));
    assertEquals("0.5", p.getProperty("spark.task.resource.gpu.amount"));
    assertEquals("/opt/sparkctr/gpu-discovery.sh", p.getProperty("spark.executor.resource.gpu.discoveryScript"));
    Pod executor = s.executor();
    assertEquals(new Quantity("1"), executor.getSpec().getContainers().get(0).getResources().getLimits()
        .get("nvidia.com/gpu"));
    assertEquals("executor-gpu", executor.getMetadata().getLabels().get("app.kubernetes.io/component"));
    assertEquals("true", executor.getSpec().getNodeSelector().get("nvidia.com/gpu.present"));
    assertTrue(executor.getSpec().getTolerations().stream().anyMatch(t -> t.getKey().equals("nvidia.com/gpu")
        && t.getEffect().equals("NoSchedule")), executor.getSpec().getTolerations().toString());
    // the driver itself asks for no GPU
    assertFalse(s.driver().getSpec().getContainers().get(0).getResources().getLimits().containsKey("nvidia.com/gpu"));
  }
}
