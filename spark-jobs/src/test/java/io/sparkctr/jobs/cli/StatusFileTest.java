package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status file the driver writes for deploy/yarn/submit.sh in YARN cluster mode: the exit code and the first line
 * of the message the command printed (the real run through YARN is in cluster-tests, YarnSubmitTest).
 */
class StatusFileTest {
  @Test
  void holdsTheCodeAndTheFirstLineOfTheMessage(@TempDir Path dir) throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = Main.run(new String[] {"train", "--featuers", "x"});
    } finally {
      System.setErr(err);
    }
    assertEquals(Main.EXIT_BAD_INPUT, code);
    String printed = captured.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    assertEquals(printed, Main.firstMessageLine());
    Path status = dir.resolve("status/one");
    StatusFile.write(status.toString(), code, Main.firstMessageLine());
    assertEquals("2\n" + printed + "\n", Files.readString(status));

    assertEquals(Main.EXIT_OK, Main.run(new String[] {"--version"}));
    assertEquals("", Main.firstMessageLine(), "nothing left over from the run before");
    StatusFile.write(status.toString(), 0, Main.firstMessageLine());
    assertEquals("0\n\n", Files.readString(status), "overwritten");
    assertEquals("1\na b\n", StatusFile.text(1, "a\nb"), "always two lines");
  }
}
