package io.sparkctr.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every test the one {@link YarnHdfsCluster} of this test JVM: started on first use, stopped when the last
 * test class is done (JUnit's root store closes it).
 */
final class ClusterExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == YarnHdfsCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class).cluster;
  }

  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    final YarnHdfsCluster cluster = YarnHdfsCluster.start(Path.of(System.getProperty("cluster.dir")));

    @Override
    public void close() {
      cluster.close();
    }
  }
}
