package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.NightlyResult;
import io.sparkctr.jobs.nightly.RegistryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkctr registry list|show|promote|rollback|repair} on a real local registry, without
 * Spark; each switch rewrites the trend page.
 */
class RegistryCliTest {
  @TempDir
  Path dir;
  String reg;

  @BeforeEach
  void registry() throws Exception {
    reg = dir.resolve("registry").toString();
    version("2026-01-05", true, 0.71);
    version("2026-01-06", true, 0.72);
    version("2026-01-07", false, 0.60);
    version("2026-01-08", true, 0.73);
    Files.createDirectories(dir.resolve("registry/versions/2026-01-09")); // incomplete: no marker
    new ModelRegistry(reg, new Configuration()).publish("2026-01-08");
  }

  void version(String name, boolean passed, double auc) throws Exception {
    Path v = dir.resolve("registry/versions").resolve(name);
    Files.createDirectories(v);
    NightlyResult r = new NightlyResult(name, passed, passed ? List.of() : List.of("AUC dropped"),
        new NightlyResult.Metrics(1000, 100, auc, 0.3, 0.9, 1.0), null, null, "day");
    Files.writeString(v.resolve(ModelRegistry.RESULT), Json.PRETTY.writeValueAsString(r));
    Files.writeString(v.resolve("lineage.json"), "{\"sparkctrVersion\": \"0.1.0\", \"gitCommit\": \"abc\"}");
    Files.createFile(v.resolve(StagedOutput.COMPLETE));
  }

  String current() throws Exception {
    return Files.readString(dir.resolve("registry/CURRENT")).trim();
  }

  /** The trend page's current row, e.g. "2026-01-08 <strong>current</strong>". */
  String trendCurrent() throws Exception {
    String html = Files.readString(dir.resolve("registry/trend/index.html"));
    String open = "<tr class=\"current\"><td>";
    int row = html.indexOf(open);
    return row < 0 ? "none" : html.substring(row + open.length(), html.indexOf("</td>", row));
  }

  @Test
  void listShowsEveryCompleteVersionAndTheCurrentOne() {
    CliTest.Run r = CliTest.run("registry", "list", "--registry", reg);
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(5, lines.size(), r.out());
    assertTrue(lines.get(1).matches("  2026-01-05 +passed +0\\.7100 +0\\.3000 +0\\.1\\.0@abc"), lines.get(1));
    assertTrue(lines.get(3).matches("  2026-01-07 +rejected +0\\.6000 .*"), lines.get(3));
    assertTrue(lines.get(4).startsWith("* 2026-01-08"), lines.get(4));
    r = CliTest.run("registry", "list", "--registry", reg, "--json");
    assertEquals(4, r.out().lines().count());
    assertTrue(r.out().lines().reduce((a, b) -> b).orElseThrow().contains("\"version\":\"2026-01-08\",\"current\":true"));
  }

  @Test
  void promoteAndRollbackSwitchThePointerAndRecordTheReason() throws Exception {
    CliTest.Run r = CliTest.run("registry", "rollback", "--registry", reg, "--reason", "CTR dropped 3% in prod");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals("2026-01-06", current(), "the newest older version that passed the gate");
    assertTrue(r.out().contains("CURRENT 2026-01-08 -> 2026-01-06 (CTR dropped 3% in prod)"), r.out());
    ModelRegistry m = new ModelRegistry(reg, new Configuration());
    assertTrue(m.demoted("2026-01-08"));
    assertEquals("2026-01-06 <strong>current</strong>", trendCurrent(), "the trend page rewritten");
    assertTrue(Files.readString(dir.resolve("registry/trend/index.html")).contains("published, rolled back from"));

    r = CliTest.run("registry", "rollback", "--registry", reg, "--reason", "again");
    assertEquals("2026-01-05", current());
    r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-08", "--reason", "fixed upstream");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals("2026-01-08", current());
    assertFalse(m.demoted("2026-01-08"), "promoted again");
    assertEquals("2026-01-08 <strong>current</strong>", trendCurrent());

    List<RegistryEvent> h = m.history();
    assertEquals(List.of("publish", "rollback", "rollback", "promote"), h.stream().map(RegistryEvent::action).toList());
    assertEquals("2026-01-08", h.get(1).previous());
    assertEquals("fixed upstream", h.get(3).reason());
    assertEquals(System.getProperty("user.name"), h.get(3).user());

    r = CliTest.run("registry", "show", "--registry", reg, "2026-01-08");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    JsonNode shown = Json.PRETTY.readTree(r.out());
    assertTrue(shown.get("current").asBoolean());
    assertEquals("abc", shown.get("lineage").get("gitCommit").asText());
    assertEquals(0.73, shown.get("result").get("candidate").get("auc").asDouble(), 1e-12);
    assertEquals(3, shown.get("history").size(), "publish, rolled back from, promoted: " + r.out());
    try (Stream<Path> s = Files.list(dir.resolve("registry"))) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary pointer left");
    }
  }

  @Test
  void unknownOrRejectedVersionsAreRefusedAndThePointerStays() throws Exception {
    CliTest.Run r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-10", "--reason", "x");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("Cannot promote 2026-01-10: no such version in ") && r.err().contains(
        "versions: [2026-01-05, 2026-01-06, 2026-01-07, 2026-01-08]"), r.err());
    r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-09", "--reason", "x");
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), "an incomplete version is unknown");
    r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-07", "--reason", "x");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("the nightly gate rejected it [AUC dropped]; pass --force"), r.err());
    r = CliTest.run("registry", "rollback", "--registry", reg, "--to", "2026-01-04", "--reason", "x");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    r = CliTest.run("registry", "rollback", "--registry", reg);
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("Missing required option: '--reason=TEXT'"), r.err());
    r = CliTest.run("registry", "rollback", "--registry", reg, "--reason", " ");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertEquals("2026-01-08", current(), "nothing moved");
    assertEquals(1, new ModelRegistry(reg, new Configuration()).history().size(), "only the nightly publish");

    r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-07", "--reason", "x", "--force");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals("2026-01-07", current());
    r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-07", "--reason", "x", "--force");
    assertTrue(r.out().contains("already CURRENT; nothing changed"), r.out());
    r = CliTest.run("registry", "prmote", "--registry", reg);
    assertTrue(r.err().contains("Unknown command 'prmote'; did you mean 'promote'"), r.err());
  }

  @Test
  void versionsAreNamesNeverPathsAndARejectedOneNeedsForceEitherWay() throws Exception {
    Path elsewhere = dir.resolve("elsewhere/versions/2026-01-04");
    Files.createDirectories(elsewhere);
    Files.createFile(elsewhere.resolve(StagedOutput.COMPLETE));
    for (String v : List.of("../../elsewhere/versions/2026-01-04", "/tmp", "..", ".hidden")) {
      CliTest.Run r = CliTest.run("registry", "promote", "--registry", reg, v, "--reason", "x", "--force");
      assertEquals(Main.EXIT_BAD_INPUT, r.code(), v);
      assertTrue(r.err().contains("a version is a name inside the registry's versions/"), r.err());
      assertFalse(r.err().contains("\tat "), r.err());
    }
    CliTest.Run r = CliTest.run("registry", "rollback", "--registry", reg, "--to", "2026-01-07", "--reason", "x");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("Cannot roll back to 2026-01-07: the nightly gate rejected it [AUC dropped]; pass "
        + "--force"), r.err());
    assertEquals("2026-01-08", current());
    r = CliTest.run("registry", "rollback", "--registry", reg, "--to", "2026-01-07", "--reason", "x", "--force");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals("2026-01-07", current());
  }

  @Test
  void aGarbageCurrentIsReportedWithoutATraceAndRepairedFromTheCli() throws Exception {
    Files.writeString(dir.resolve("registry/CURRENT"), "../../etc/passwd\n");
    CliTest.Run r = CliTest.run("registry", "list", "--registry", reg);
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertEquals(5, r.out().lines().count(), "the versions are still listed: " + r.out() + r.err());
    assertTrue(r.err().contains("CURRENT names '../../etc/passwd', which is not a complete version")
        && r.err().contains("sparkctr registry repair"), r.err());
    r = CliTest.run("registry", "rollback", "--registry", reg, "--reason", "x");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertFalse(r.err().contains("\tat "), r.err());
    r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-06", "--reason", "x");
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), "a broken pointer needs --force or repair");
    r = CliTest.run("registry", "repair", "--registry", reg, "--reason", "CURRENT edited by hand");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals("2026-01-08", current(), "the newest version that passed the gate");
    assertTrue(r.out().contains("repair: CURRENT (broken: ../../etc/passwd) -> 2026-01-08"), r.out());
    assertEquals("2026-01-08 <strong>current</strong>", trendCurrent(), "the trend page rewritten");
    r = CliTest.run("registry", "repair", "--registry", reg, "--reason", "again");
    assertTrue(r.out().contains("nothing changed"), r.out());
    Files.writeString(dir.resolve("registry/CURRENT"), "2026-01-99\n");
    r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-06", "--reason", "x", "--force");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals("2026-01-06", current());
  }

  @Test
  void aTrendPageThatCannotBeRewrittenOnlyWarns() throws Exception {
    Files.writeString(dir.resolve("registry/versions/2026-01-07").resolve(ModelRegistry.RESULT), "{not json");
    CliTest.Run r = CliTest.run("registry", "promote", "--registry", reg, "2026-01-06", "--reason", "x");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertEquals("2026-01-06", current(), "the switch stands");
    assertTrue(r.out().contains("CURRENT 2026-01-08 -> 2026-01-06"), r.out());
    assertTrue(r.err().contains("sparkctr registry promote: warning: CURRENT was switched, but the trend page ")
        && r.err().contains("could not be rewritten"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertEquals(2, new ModelRegistry(reg, new Configuration()).history().size(), "publish, promote");
  }

  @Test
  void aRegistryThatDoesNotExistIsAnError() {
    CliTest.Run r = CliTest.run("registry", "list", "--registry", dir.resolve("nope").toString());
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("Cannot open model registry") && r.err().contains("no such directory"), r.err());
  }
}
