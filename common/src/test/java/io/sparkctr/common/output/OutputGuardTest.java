package io.sparkctr.common.output;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.output.OutputGuard.Read;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs that would destroy or feed back into what a job reads are refused; unrelated ones pass. */
class OutputGuardTest {
  @TempDir
  static Path dir;
  static final Configuration CONF = new Configuration();
  static Path logs;

  @BeforeAll
  static void files() throws Exception {
    logs = dir.resolve("data/logs");
    Files.createDirectories(logs.resolve("2026-01-01"));
    Files.createDirectories(logs.resolve("2026-01-02"));
    Files.writeString(logs.resolve("2026-01-01/a.csv"), "x\n");
    Files.writeString(logs.resolve("2026-01-02/a.csv"), "x\n");
  }

  private static String refused(String out, Read... reads) {
    return assertThrows(IllegalArgumentException.class, () -> OutputGuard.check(out, CONF, reads)).getMessage();
  }

  @Test
  void theInputItselfOrAFolderAboveItIsRefused() {
    String m = refused(logs.toString(), Read.input(logs.toString()));
    assertTrue(m.startsWith("Cannot write " + logs + ": it contains the input "), m);
    m = refused(dir.resolve("data").toString(), Read.input(logs.toString()));
    assertTrue(m.contains("it contains the input") && m.contains("data/logs"), m);
    m = refused(dir.resolve("data").toString(), Read.model(logs.resolve("2026-01-01/a.csv").toString()));
    assertTrue(m.contains("it contains the model"), m);
  }

  @Test
  void anOutputInsideTheInputIsRefused() {
    String m = refused(logs.resolve("features").toString(), Read.input(logs.toString()));
    assertTrue(m.contains("it is inside the input"), m);
  }

  @Test
  void globsProtectWhatTheyMatchAndWhatTheyWouldRead() {
    String glob = logs + "/{2026-01-01,2026-01-02}/*.csv";
    assertTrue(refused(logs.toString(), Read.input(glob)).contains("it contains the input"));
    assertTrue(refused(logs.resolve("2026-01-01/sub").toString(), Read.input(logs + "/{2026-01-01,2026-01-02}"))
        .contains("inside the input"));
    assertTrue(refused(logs.resolve("2026-01-01/b.csv").toString(), Read.input(glob))
        .contains("pattern " + glob + " would read it"));
    assertTrue(refused(logs.resolve("new-day").toString(), Read.input(logs + "/*"))
        .contains("would read it"));
    // beside the matched days, under the glob's literal prefix: allowed
    assertDoesNotThrow(() -> OutputGuard.check(logs.resolve("features").toString(), CONF, Read.input(glob)));
  }

  @Test
  void symbolicLinksAreResolved() throws Exception {
    Path link = dir.resolve("link-to-logs");
    Files.createSymbolicLink(link, logs);
    assertTrue(refused(link.toString(), Read.input(logs.toString())).contains("it contains the input"));
    assertTrue(refused(logs.toString(), Read.input(link.resolve("2026-01-01").toString()))
        .contains("it contains the input"));
  }

  @Test
  void unrelatedAndSiblingPathsPassAndNullReadsAreSkipped() {
    assertDoesNotThrow(() -> OutputGuard.check(dir.resolve("data/logs-features").toString(), CONF,
        Read.input(logs.toString()), Read.model(null), null));
    assertDoesNotThrow(() -> OutputGuard.check(dir.resolve("elsewhere/out").toString(), CONF,
        Read.input(logs.toString())));
  }
}
