package io.sparkctr.k8smock;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode (what a client creates, patches or applies is
 * stored and read back by GET, list and watch), plain HTTP on the loopback address, a free port. Prints
 * {@code sparkctr-k8s-api-mock listening on http://127.0.0.1:PORT} once it accepts requests, and serves until its
 * standard input closes (the test that started it ends, or is killed), then stops.
 *
 * <p>Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}, which Spark's submission client uses
 * for the driver's Service and ConfigMaps) is added here: fabric8's CRUD dispatcher answers 404 for an object that
 * does not exist yet, where an API server creates it. With one field manager (Spark's client, {@code force=true})
 * applying an object is creating it, or replacing its fields by the applied ones: {@link Dispatcher} does that.
 *
 * <p>Usage: {@code java -cp 'k8s-api-mock/target/lib/*:k8s-api-mock/target/sparkctr-k8s-api-mock-VERSION.jar'
 * io.sparkctr.k8smock.MockApiServer}
 */
public final class MockApiServer {
  private MockApiServer() {}

  public static void main(String[] args) throws IOException {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new Dispatcher(), false);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    server.init(loopback, 0);
    System.out.println("sparkctr-k8s-api-mock listening on http://127.0.0.1:" + server.getPort());
    System.out.flush();
    try (InputStream in = System.in) {
      byte[] buffer = new byte[256];
      while (in.read(buffer) >= 0) {
        // serve until the parent closes our standard input
      }
    } finally {
      server.destroy();
    }
    System.exit(0);
  }

  /** fabric8's CRUD dispatcher, and server-side apply as create-or-replace (one field manager). */
  static final class Dispatcher extends KubernetesCrudDispatcher {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      String type = request.getHeader("Content-Type");
      if (type == null || !type.startsWith("application/apply-patch")) {
        return super.handlePatch(request);
      }
      String path = request.getPath();
      int query = path.indexOf('?');
      String object = query < 0 ? path : path.substring(0, query);
      String json = YAML.readTree(request.getBody().readUtf8()).toString(); // YAML, or JSON (a subset of it)
      Headers headers = new Headers.Builder().add("Content-Type", "application/json").build();
      Buffer body = new Buffer(json.getBytes(StandardCharsets.UTF_8));
      if (findResource(getKey(object)) == null) {
        String collection = object.substring(0, object.lastIndexOf('/'));
        return handleCreate(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection, headers, body));
      }
      return handleUpdate(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, object, headers, body));
    }
  }
}
