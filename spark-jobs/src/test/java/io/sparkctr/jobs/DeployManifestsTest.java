package io.sparkctr.jobs;

import static io.sparkctr.jobs.DeployManifests.*;
import static io.sparkctr.jobs.DeployScriptsTest.ROOT;
import static io.sparkctr.jobs.DeployScriptsTest.REVISION;
import static io.sparkctr.jobs.DeployScriptsTest.after;
import static io.sparkctr.jobs.DeployScriptsTest.dryRun;
import static io.sparkctr.jobs.DeployScriptsTest.jarName;
import static io.sparkctr.jobs.DeployScriptsTest.shellWords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.jobs.cli.Main;
import io.sparkctr.training.sharing.GradientSharingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every Kubernetes manifest under deploy/k8s parses as YAML and has the fields its kind requires; the
 * SparkApplication, RBAC, NetworkPolicy, pod templates, Dockerfiles and build script agree with each other, with
 * the submit scripts and with the code (main class, command, jar, Spark version, the gradient-sharing ports of
 * conf/defaults.conf). Offline: no API server, so the Kubernetes schemas are checked for the fields used here.
 */
class DeployManifestsTest {
  @Test
  void everyManifestParsesAndHasApiVersionKindAndMetadata() throws Exception {
    List<Path> files = manifests();
    assertTrue(files.size() >= 6, "manifests: " + files);
    Set<String> kinds = new TreeSet<>();
    for (Path f : files) {
      String text = Files.readString(f);
      // as written and as Airflow renders it (Jinja placeholders replaced), every document parses
      for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(rendered(text))) {
        assertTrue(d instanceof Map, f + " rendered");
      }
      for (Map<String, Object> d : load(f)) {
        String where = f.getFileName() + " " + d.get("kind");
        assertTrue(d.get("apiVersion") instanceof String, where + ": apiVersion");
        assertTrue(d.get("kind") instanceof String, where + ": kind");
        Map<String, Object> meta = map(d.get("metadata"), where + ": metadata");
        kinds.add(d.get("kind") + " " + d.get("apiVersion"));
        if (!d.get("kind").equals("Pod")) { // pod templates: Spark names the pods
          assertTrue(meta.get("name") instanceof String, where + ": metadata.name");
          assertEquals("sparkctr", meta.get("namespace"), where + ": the namespace k8s/submit.sh uses");
          if (!d.get("kind").equals("SparkApplication")) {
            assertTrue(DNS_1123.matcher((String) meta.get("name")).matches(), where + ": " + meta.get("name"));
          }
        }
        if (meta.get("labels") != null) {
          assertEquals("sparkctr", map(meta.get("labels"), where).get("app.kubernetes.io/name"), where);
        }
        if (d.get("kind").equals("Pod") || d.get("kind").equals("SparkApplication")) {
          assertTrue(d.get("spec") instanceof Map, where + ": spec");
        }
      }
      // the rendered SparkApplication has a valid name
      if (text.contains("kind: SparkApplication")) {
        Map<String, Object> r = new Yaml(new SafeConstructor(new LoaderOptions())).load(rendered(text));
        assertTrue(DNS_1123.matcher(str(r, "metadata.name")).matches(), str(r, "metadata.name"));
      }
    }
    assertEquals(new TreeSet<>(List.of("NetworkPolicy networking.k8s.io/v1", "Pod v1",
        "Role rbac.authorization.k8s.io/v1", "RoleBinding rbac.authorization.k8s.io/v1",
        "ServiceAccount v1", "SparkApplication sparkoperator.k8s.io/v1beta2")), kinds);
    String submit = String.join(" ", dryRun("deploy/k8s/submit.sh", "nightly", "--conf", "conf/presets/criteo.conf"));
    assertTrue(submit.contains("spark.kubernetes.namespace=sparkctr"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void sparkApplicationRunsTheRealJobWithDriverExecutorsAndServiceAccounts() throws Exception {
    Map<String, Object> app = load("sparkapplication-nightly.yaml");
    assertEquals("sparkoperator.k8s.io/v1beta2", app.get("apiVersion"));
    assertEquals("SparkApplication", app.get("kind"));
    assertEquals("Java", str(app, "spec.type"));
    assertEquals("cluster", str(app, "spec.mode"));
    String mainClass = str(app, "spec.mainClass");
    Class.forName(mainClass).getMethod("main", String[].class);
    assertEquals(Main.class.getName(), mainClass);
    String jar = "/opt/sparkctr/" + jarName(false);
    assertEquals("local://" + jar, str(app, "spec.mainApplicationFile"));
    assertTrue(Files.readString(ROOT.resolve("deploy/docker/Dockerfile.cpu")).contains(" " + jar), "the image holds the jar");
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    assertTrue(pom.contains("<spark.version>" + str(app, "spec.sparkVersion") + "</spark.version>"), "Spark version");
    assertTrue(Files.readString(ROOT.resolve("deploy/docker/Dockerfile.cpu")).contains("apache/spark:" + str(app, "spec.sparkVersion")));
    assertEquals("{{ var.value.sparkctr_image }}", str(app, "spec.image"), "image chosen per run, checked by the DAG");
    assertEquals("Never", str(app, "spec.restartPolicy.type"), "Airflow retries, not the operator");

    List<Object> args = list(at(app, "spec.arguments"), "arguments");
    assertEquals("nightly", args.get(0));
    assertTrue(Main.COMMANDS.contains((String) args.get(0)));
    assertEquals("{{ ds }}", args.get(args.indexOf("--date") + 1));
    String conf = (String) args.get(args.indexOf("--conf") + 1);
    assertTrue(conf.startsWith("/opt/sparkctr/conf/site/"), "the ConfigMap's mount: " + conf);

    // driver and executors sized; the memory sizes and ND4J's off-heap limit (= memory + overhead) come from the
    // DAG, which checks and derives them as the submit scripts do (DeployDagsTest renders them)
    assertTrue((Integer) at(app, "spec.driver.cores") >= 1);
    assertEquals(String.valueOf(at(app, "spec.driver.cores")), str(app, "spec.driver.coreLimit"));
    assertEquals("{{ sparkctr_sizes.driver_memory }}", str(app, "spec.driver.memory"));
    assertTrue((Integer) at(app, "spec.executor.instances") >= 1);
    assertTrue((Integer) at(app, "spec.executor.cores") >= 1);
    assertEquals("{{ sparkctr_sizes.executor_memory }}", str(app, "spec.executor.memory"));
    assertEquals("{{ sparkctr_sizes.executor_overhead }}", str(app, "spec.executor.memoryOverhead"));
    Map<String, Object> sparkConf = map(at(app, "spec.sparkConf"), "sparkConf");
    assertEquals("false", sparkConf.get("spark.dynamicAllocation.enabled"), "the mesh is formed once per run");
    assertTrue(String.valueOf(sparkConf.get("spark.executor.extraJavaOptions"))
        .startsWith("-Dorg.bytedeco.javacpp.maxphysicalbytes={{ sparkctr_sizes.max_physical_bytes }} "));
    for (String key : List.of("spark.executor.extraJavaOptions", "spark.driver.extraJavaOptions")) {
      assertTrue(String.valueOf(sparkConf.get(key)).contains("-XX:+UseTransparentHugePages"),
          key + ": the tables' heap on huge pages");
    }
    for (Object v : sparkConf.values()) {
      assertTrue(v instanceof String, "sparkConf values are strings: " + v);
    }

    // the same settings as k8s/submit.sh, whose defaults are the manifest's sizes
    Map<String, String> submit = k8sSubmitConf();
    for (String key : List.of("spark.dynamicAllocation.enabled", "spark.serializer", "spark.kryo.registrator",
        "spark.driver.extraJavaOptions", "spark.driver.port", "spark.driver.blockManager.port", "spark.blockManager.port")) {
      assertEquals(submit.get(key), sparkConf.get(key), key);
    }
    assertEquals(submit.get("spark.executor.extraJavaOptions").replaceFirst("maxphysicalbytes=\\S+",
        "maxphysicalbytes={{ sparkctr_sizes.max_physical_bytes }}"), sparkConf.get("spark.executor.extraJavaOptions"));
    assertEquals(submit.get("spark.driver.cores"), str(app, "spec.driver.cores"));
    assertEquals(submit.get("spark.executor.instances"), str(app, "spec.executor.instances"));
    assertEquals(submit.get("spark.executor.cores"), str(app, "spec.executor.cores"));
    for (String log4j : List.of(String.valueOf(sparkConf.get("spark.driver.extraJavaOptions")))) {
      Matcher m = Pattern.compile("-Dlog4j2.configurationFile=/opt/sparkctr/(\\S+)").matcher(log4j);
      assertTrue(m.find() && Files.isRegularFile(ROOT.resolve(m.group(1))), log4j);
    }

    // service accounts: the driver's is bound to the driver Role, the executors' exists and is bound to nothing
    Map<String, Map<String, Object>> rbac = byKindAndName("rbac.yaml");
    String driverSa = str(app, "spec.driver.serviceAccount");
    String executorSa = str(app, "spec.executor.serviceAccount");
    assertTrue(rbac.containsKey("ServiceAccount/" + driverSa), driverSa);
    assertTrue(rbac.containsKey("ServiceAccount/" + executorSa), executorSa);
    assertEquals(submit.get("spark.kubernetes.authenticate.driver.serviceAccountName"), driverSa);
    assertEquals(submit.get("spark.kubernetes.authenticate.executor.serviceAccountName"), executorSa);
    assertEquals(Set.of(driverSa), boundAccounts(rbac, "sparkctr-driver"));

    // the site config ConfigMap, as in the driver pod template
    Map<String, Object> volume = map(list(at(app, "spec.volumes"), "volumes").get(0), "volume");
    Map<String, Object> mount = map(list(at(app, "spec.driver.volumeMounts"), "volumeMounts").get(0), "mount");
    assertEquals(volume.get("name"), mount.get("name"));
    assertEquals("/opt/sparkctr/conf/site", mount.get("mountPath"));
    Map<String, Object> driverPod = load("driver-pod.yaml");
    Map<String, Object> templateVolume = map(list(at(driverPod, "spec.volumes"), "volumes").get(0), "volume");
    assertEquals(templateVolume.get("configMap"), volume.get("configMap"));
    Map<String, Object> env = map(list(at(app, "spec.executor.env"), "env").get(0), "env");
    assertEquals(Map.of("name", "OMP_NUM_THREADS", "value", "1"), env);
  }

  static Set<String> boundAccounts(Map<String, Map<String, Object>> rbac, String role) {
    Set<String> accounts = new TreeSet<>();
    for (Map<String, Object> d : rbac.values()) {
      if (d.get("kind").equals("RoleBinding") && str(d, "roleRef.name").equals(role)) {
        assertEquals("Role", str(d, "roleRef.kind"));
        assertEquals("rbac.authorization.k8s.io", str(d, "roleRef.apiGroup"));
        for (Object s : list(d.get("subjects"), "subjects")) {
          Map<String, Object> subject = map(s, "subject");
          assertEquals("ServiceAccount", subject.get("kind"));
          accounts.add((String) subject.get("name"));
        }
      }
    }
    return accounts;
  }

  @Test
  void rbacGivesTheDriverExactlyWhatSparkNeedsAndTheExecutorsNothing() throws Exception {
    Map<String, Map<String, Object>> rbac = byKindAndName("rbac.yaml");
    Map<String, Object> role = rbac.get("Role/sparkctr-driver");
    assertNotNull(role, rbac.keySet().toString());
    Set<String> resources = new TreeSet<>();
    for (Object r : list(role.get("rules"), "rules")) {
      Map<String, Object> rule = map(r, "rule");
      assertEquals(List.of(""), rule.get("apiGroups"), "core API group only");
      resources.addAll(list(rule.get("resources"), "resources").stream().map(String::valueOf).toList());
      assertTrue(VERBS.containsAll(list(rule.get("verbs"), "verbs")), "known verbs: " + rule.get("verbs"));
    }
    assertEquals(new TreeSet<>(List.of("pods", "services", "configmaps", "persistentvolumeclaims")), resources);
    // no wildcard, no secrets, nothing cluster-wide, in any document
    for (Map<String, Object> d : rbac.values()) {
      assertFalse(d.get("kind").toString().startsWith("Cluster"), d.get("kind").toString());
      if (d.get("kind").equals("Role")) {
        for (Object r : list(d.get("rules"), "rules")) {
          String rule = r.toString();
          assertFalse(rule.contains("*") || rule.contains("secrets"), rule);
          assertTrue(VERBS.containsAll(list(map(r, "rule").get("verbs"), "verbs")));
        }
      }
    }
    assertEquals(Set.of("sparkctr-driver"), boundAccounts(rbac, "sparkctr-driver"));
    Map<String, Object> executor = rbac.get("ServiceAccount/sparkctr-executor");
    assertEquals(Boolean.FALSE, executor.get("automountServiceAccountToken"), "executors never call the API");
    for (String role2 : List.of("sparkctr-driver", "sparkctr-launcher")) {
      assertFalse(boundAccounts(rbac, role2).contains("sparkctr-executor"));
    }
    // the launcher Role lets Airflow's operator manage SparkApplications
    assertTrue(rbac.get("Role/sparkctr-launcher").toString().contains("sparkapplications"));
    assertFalse(boundAccounts(rbac, "sparkctr-launcher").isEmpty());
    // credentials: documented annotations only, no key material
    String text = Files.readString(K8S.resolve("rbac.yaml"));
    assertTrue(text.contains("eks.amazonaws.com/role-arn") && text.contains("iam.gke.io/gcp-service-account"));
    assertFalse(text.contains("kind: Secret") || text.toLowerCase().contains("secret_access_key"));
  }

  /** One NetworkPolicy ingress port: protocol, port and (for a range) endPort. */
  record Port(String protocol, int port, int endPort) {}

  @SuppressWarnings("unchecked")
  static List<Port> ports(Map<String, Object> policy) {
    assertEquals(List.of("Ingress"), at(policy, "spec.policyTypes"));
    List<Object> ingress = list(at(policy, "spec.ingress"), "ingress");
    assertEquals(1, ingress.size());
    Map<String, Object> rule = map(ingress.get(0), "rule");
    assertEquals(at(policy, "spec.podSelector"), map(list(rule.get("from"), "from").get(0), "peer").get("podSelector"),
        "ingress only from the same pods");
    List<Port> ports = new ArrayList<>();
    for (Object o : list(rule.get("ports"), "ports")) {
      Map<String, Object> p = map(o, "port");
      assertTrue(Set.of("TCP", "UDP", "SCTP").contains(p.get("protocol")), p.toString());
      int port = (Integer) p.get("port");
      int end = p.containsKey("endPort") ? (Integer) p.get("endPort") : port;
      assertTrue(port >= 1 && end >= port && end <= 65535, p.toString());
      ports.add(new Port((String) p.get("protocol"), port, end));
    }
    return ports;
  }

  /** Whether a podSelector's matchExpressions (operator In) select a pod with these labels. */
  @SuppressWarnings("unchecked")
  static boolean selects(Map<String, Object> policy, Map<String, Object> labels) {
    for (Object e : list(at(policy, "spec.podSelector.matchExpressions"), "matchExpressions")) {
      Map<String, Object> x = map(e, "expression");
      assertEquals("In", x.get("operator"));
      if (!list(x.get("values"), "values").contains(labels.get((String) x.get("key")))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void networkPolicyOpensTheConfiguredTrainingPortsAndAReservedTableServerRange() throws Exception {
    Map<String, Map<String, Object>> policies = byKindAndName("networkpolicy.yaml");
    Map<String, Object> training = policies.get("NetworkPolicy/sparkctr-training");
    Map<String, Object> spark = policies.get("NetworkPolicy/sparkctr-spark");
    assertNotNull(training);
    assertNotNull(spark);

    // gradient sharing: the ports of conf/defaults.conf, for every executor id the code gives a port
    Config gs = ConfigFactory.parseFile(ROOT.resolve("conf/defaults.conf").toFile()).resolve()
        .getConfig("sparkctr.training.gradient-sharing");
    int controller = gs.getInt("controller-port");
    int base = gs.getInt("executor-base-port");
    GradientSharingSettings settings = new GradientSharingSettings("", controller, base, "", 0, 1, true,
        Duration.ofSeconds(120));
    int last = settings.portOf("1000");
    assertThrows(IllegalArgumentException.class, () -> settings.portOf("1001"), "1000 is the last executor id");
    assertEquals(controller, settings.portOf("driver"));
    List<Port> ports = ports(training);
    List<Port> udp = ports.stream().filter(p -> p.protocol().equals("UDP")).toList();
    assertTrue(udp.contains(new Port("UDP", controller, controller)), "controller-port " + controller + " in " + ports);
    assertTrue(udp.contains(new Port("UDP", base, last)), "executor ports " + base + ".." + last + " in " + ports);

    // the reserved table-server range: documented, TCP and UDP, clear of every other port
    String text = Files.readString(K8S.resolve("networkpolicy.yaml"));
    Matcher m = Pattern.compile("RESERVED for the table servers[^:]*: (\\d+)-(\\d+)").matcher(text);
    assertTrue(m.find(), "the reserved range is documented in the policy");
    Port reservedTcp = new Port("TCP", Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    Port reservedUdp = new Port("UDP", reservedTcp.port(), reservedTcp.endPort());
    assertTrue(ports.contains(reservedTcp) && ports.contains(reservedUdp), ports.toString());
    assertEquals(Set.of(new Port("UDP", controller, controller), new Port("UDP", base, last), reservedTcp, reservedUdp),
        Set.copyOf(ports), "nothing else is opened for training");
    List<Port> sparkPorts = ports(spark);
    for (Port other : Stream.concat(Stream.of(new Port("UDP", controller, controller), new Port("UDP", base, last)),
        sparkPorts.stream()).toList()) {
      assertTrue(reservedTcp.endPort() < other.port() || reservedTcp.port() > other.endPort(),
          "reserved range " + reservedTcp + " overlaps " + other);
    }
    assertTrue(Files.readString(ROOT.resolve("deploy/README.md"))
        .contains(reservedTcp.port() + "–" + reservedTcp.endPort()), "the reserved range is in deploy/README.md");
    // sharded tables take exactly that range: executor n on table-base-port + n, n < TABLE_PORTS
    Config trainingConf = ConfigFactory.parseFile(ROOT.resolve("conf/defaults.conf").toFile()).resolve()
        .getConfig("sparkctr.training");
    assertEquals(reservedTcp.port(), trainingConf.getInt("table-base-port"), "table-base-port opens the range");
    assertEquals(reservedTcp.endPort(), trainingConf.getInt("table-base-port")
        + io.sparkctr.training.TrainSettings.TABLE_PORTS - 1, "the last executor's table port ends it");

    // Spark's TCP ports: the ones k8s/submit.sh and the SparkApplication fix
    Map<String, String> submit = k8sSubmitConf();
    Set<Integer> fixed = new TreeSet<>();
    for (String key : List.of("spark.driver.port", "spark.driver.blockManager.port", "spark.blockManager.port")) {
      fixed.add(Integer.parseInt(submit.get(key)));
    }
    assertEquals(fixed, sparkPorts.stream().map(Port::port).collect(Collectors.toCollection(TreeSet::new)));
    assertTrue(sparkPorts.stream().allMatch(p -> p.protocol().equals("TCP") && p.endPort() == p.port()));

    // both policies select exactly the driver and executor pods sparkctr creates
    List<Map<String, Object>> pods = new ArrayList<>();
    for (String template : List.of("driver-pod.yaml", "executor-pod-cpu.yaml", "executor-pod-gpu.yaml")) {
      pods.add(map(at(load(template), "metadata.labels"), template));
    }
    Map<String, Object> app = load("sparkapplication-nightly.yaml");
    for (String role : List.of("driver", "executor")) {
      Map<String, Object> labels = new HashMap<>(map(at(app, "metadata.labels"), "labels"));
      labels.putAll(map(at(app, "spec." + role + ".labels"), role + " labels"));
      pods.add(labels);
    }
    for (Map<String, Object> policy : List.of(training, spark)) {
      assertEquals(at(training, "spec.podSelector"), at(policy, "spec.podSelector"));
      for (Map<String, Object> labels : pods) {
        assertTrue(selects(policy, labels), labels + " selected by " + str(policy, "metadata.name"));
      }
      assertFalse(selects(policy, Map.of("app.kubernetes.io/name", "other", "app.kubernetes.io/component", "driver")));
    }
  }

  @Test
  void imagesAreTaggedVersionCommitWithOciLabels() throws Exception {
    for (String name : List.of("Dockerfile.cpu", "Dockerfile.cuda")) {
      String df = Files.readString(ROOT.resolve("deploy/docker").resolve(name));
      for (String arg : List.of("VERSION", "REVISION", "SOURCE", "CREATED")) {
        assertTrue(df.contains("\nARG " + arg + "\n"), name + ": ARG " + arg);
        assertTrue(df.contains("org.opencontainers.image." + arg.toLowerCase() + "=\"${" + arg + "}\""), name + ": label " + arg);
      }
      // the labels are set in the final stage (after its FROM) and a build without them fails
      assertTrue(df.lastIndexOf("\nFROM ") < df.indexOf("\nARG VERSION"), name);
      assertTrue(df.contains("test -n \"${VERSION}\" && test -n \"${REVISION}\""), name);
    }
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher v = Pattern.compile("<artifactId>sparkctr-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(v.find());
    String tag = v.group(1) + "-" + REVISION.substring(0, 12);
    for (boolean gpu : List.of(false, true)) {
      List<String> t = shellWords(String.join(" ", gpu ? dryRun("deploy/docker/build.sh", "--gpu")
          : dryRun("deploy/docker/build.sh")));
      assertEquals(List.of("docker", "build"), t.subList(0, 2));
      assertTrue(Files.isRegularFile(Path.of(after(t, "-f"))), after(t, "-f"));
      assertTrue(after(t, "-f").endsWith(gpu ? "Dockerfile.cuda" : "Dockerfile.cpu"));
      String image = "sparkctr:" + tag + (gpu ? "-cuda" : "");
      assertEquals(image, after(t, "-t"), "tag = version-commit");
      Map<String, String> buildArgs = new HashMap<>();
      for (int i = 0; i < t.size() - 1; i++) {
        if (t.get(i).equals("--build-arg")) {
          buildArgs.put(t.get(i + 1).substring(0, t.get(i + 1).indexOf('=')), t.get(i + 1).substring(t.get(i + 1).indexOf('=') + 1));
        }
      }
      assertEquals(v.group(1), buildArgs.get("VERSION"));
      assertEquals(REVISION, buildArgs.get("REVISION"));
      assertNotNull(buildArgs.get("SOURCE"));
      assertTrue(buildArgs.get("CREATED").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), buildArgs.toString());
      // k8s/submit.sh runs the image built from the same checkout
      List<String> args = new ArrayList<>(gpu ? List.of("--gpu") : List.of());
      args.addAll(List.of("train", "--conf", "conf/presets/criteo.conf"));
      List<String> submit = dryRun("deploy/k8s/submit.sh", args.toArray(new String[0]));
      assertTrue(submit.contains("spark.kubernetes.container.image=" + image), submit.toString());
    }
  }
}
