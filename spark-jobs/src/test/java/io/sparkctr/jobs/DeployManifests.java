package io.sparkctr.jobs;

import static io.sparkctr.jobs.DeployScriptsTest.ROOT;
import static io.sparkctr.jobs.DeployScriptsTest.dryRun;
import static io.sparkctr.jobs.DeployScriptsTest.shellWords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reading the Kubernetes manifests under deploy/k8s for the deployment tests: YAML documents, paths in them, the submit script's settings. */
final class DeployManifests {
  private DeployManifests() {}
  static final Path K8S = ROOT.resolve("deploy/k8s");
  static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final Set<String> VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");

  /** All documents of a YAML file (Jinja placeholders are plain strings to YAML). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> load(Path file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
      assertTrue(d instanceof Map, file + ": every document is a mapping");
      docs.add((Map<String, Object>) d);
    }
    assertFalse(docs.isEmpty(), file.toString());
    return docs;
  }

  static Map<String, Object> load(String name) throws IOException {
    List<Map<String, Object>> docs = load(K8S.resolve(name));
    assertEquals(1, docs.size(), name);
    return docs.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String what) {
    assertTrue(o instanceof Map, what + " is a mapping: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o, String what) {
    assertTrue(o instanceof List, what + " is a list: " + o);
    return (List<Object>) o;
  }

  /** {@code a.b.c} in nested mappings. */
  static Object at(Map<String, Object> doc, String path) {
    Object o = doc;
    for (String k : path.split("\\.")) {
      o = map(o, path).get(k);
      assertNotNull(o, path);
    }
    return o;
  }

  static String str(Map<String, Object> doc, String path) {
    return String.valueOf(at(doc, path));
  }

  /** The manifest as Airflow renders it: every {@code {{ ... }}} replaced by a sample value. */
  static String rendered(String yaml) {
    return yaml.replace("{{ ds_nodash }}", "20261123").replace("{{ ds }}", "2026-11-23")
        .replaceAll("\\{\\{[^}]*}}", "x");
  }

  static List<Path> manifests() throws IOException {
    try (Stream<Path> s = Files.list(K8S)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
  }

  static Map<String, Map<String, Object>> byKindAndName(String file) throws IOException {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    for (Map<String, Object> d : load(K8S.resolve(file))) {
      m.put(d.get("kind") + "/" + str(d, "metadata.name"), d);
    }
    return m;
  }

  /** The k8s/submit.sh dry run's {@code --conf key=value} settings. */
  static Map<String, String> k8sSubmitConf() throws Exception {
    List<String> t = shellWords(String.join(" ", dryRun("deploy/k8s/submit.sh", "nightly", "--conf",
        "conf/presets/criteo.conf", "--date", "2026-11-23")));
    Map<String, String> conf = new HashMap<>();
    for (int i = 0; i < t.size() - 1; i++) {
      if (t.get(i).equals("--conf") && t.get(i + 1).startsWith("spark.")) {
        String kv = t.get(i + 1);
        conf.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    return conf;
  }
}
