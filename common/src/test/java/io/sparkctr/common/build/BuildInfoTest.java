package io.sparkctr.common.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The build-time resource is filtered with the Maven versions. */
class BuildInfoTest {
  @Test
  void versionsComeFromTheBuild() {
    BuildInfo b = BuildInfo.current();
    assertTrue(b.version().matches("\\d+\\.\\d+\\.\\d+.*"), b.version());
    assertTrue(b.sparkVersion().startsWith("3.5."), b.sparkVersion());
    assertEquals("1.0.0-M2.1", b.dl4jVersion());
    assertTrue(b.gitCommit().equals(BuildInfo.UNKNOWN) || b.gitCommit().matches("[0-9a-f]{7,40}"), b.gitCommit());
    assertTrue(b.describe().startsWith(b.version()));
  }
}
