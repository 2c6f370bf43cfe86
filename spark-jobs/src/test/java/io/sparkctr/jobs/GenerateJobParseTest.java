package io.sparkctr.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GenerateJobParseTest {
  @Test
  void recentItemsIsAnOptionalFlag() {
    assertTrue(GenerateJob.parse(List.of("--out", "x", "--recent-items")).recentItems());
    assertFalse(GenerateJob.parse(List.of("--out", "x")).recentItems());
  }
}
