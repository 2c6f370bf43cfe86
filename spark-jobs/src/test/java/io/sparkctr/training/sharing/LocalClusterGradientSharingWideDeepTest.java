package io.sparkctr.training.sharing;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalClusterGradientSharingTest}'s check for Wide&amp;Deep, in a driver JVM of its own (one
 * gradient-sharing session per JVM, see {@link LocalClusterGradientSharingTest#learnsLikeParameterAveraging}),
 * with replicated tables: the default is sharded, and replicated tables must keep working with both masters.
 */
@Tag("local-cluster")
@Tag("own-jvm")
class LocalClusterGradientSharingWideDeepTest {
  @Test
  void learnsAcrossExecutorJvmsLikeParameterAveraging(@TempDir Path dir) throws IOException {
    LocalClusterGradientSharingTest.learnsLikeParameterAveraging("wide-deep", "replicated", dir);
  }
}
