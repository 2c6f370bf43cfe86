package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Argument parsing and its messages, without a Spark session. */
class CommandLineTest {
  static CommandLine parse(String... args) {
    return CommandLine.parse("score", List.of(args), Set.of("model", "rows"), Set.of("overwrite"));
  }

  @Test
  void optionsFlagsAndNumbers() {
    CommandLine cl = parse("--model", "m", "--overwrite", "--rows", "1_000");
    assertEquals("m", cl.required("model"));
    assertTrue(cl.flag("overwrite"));
    assertEquals(1000, cl.longValue("rows", 5));
    assertEquals(5, parse().longValue("rows", 5));
    assertNull(parse().optional("model"));
    assertFalse(parse().flag("overwrite"));
  }

  @Test
  void mistakesAreNamed() {
    assertTrue(message(() -> parse("--modle", "m")).contains("unknown option --modle; accepted: [--model VALUE"));
    assertTrue(message(() -> parse("--model")).contains("--model needs a value"));
    assertTrue(message(() -> parse("model")).contains("expected an option, got 'model'"));
    assertTrue(message(() -> parse().required("model")).contains("--model is required"));
    assertTrue(message(() -> parse("--rows", "ten").longValue("rows", 1)).contains("--rows 'ten' is not an integer"));
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }
}
