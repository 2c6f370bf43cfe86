package io.sparkctr.jobs.abtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.features.arms.ArmSplit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The split an A/B test was planned with, which the sample-ratio check tests against: given as
 * {@code --expected-split control=0.5,treatment=0.5}, read from the {@code assignment} of a summary ({@code score}'s
 * {@code summary.json} with arms, or the planted generator's {@code generator.json}), or, without either, equal
 * fractions over the arms found, said so in the report.
 *
 * @param fractions arm → fraction, in order
 * @param source where they came from
 */
public record ExpectedSplit(Map<String, Double> fractions, String source) {
  public static ExpectedSplit parse(String spec) {
    return new ExpectedSplit(ArmSplit.parse(spec, "").fractions(), "--expected-split " + spec);
  }

  /** The {@code assignment.arms} of the JSON summary at {@code path}. */
  public static ExpectedSplit read(String path, Configuration hadoop) {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(hadoop).open(p)) {
      JsonNode arms = Json.PRETTY.readTree(in).path("assignment").path("arms");
      if (!arms.isArray() || arms.isEmpty()) {
        throw new IllegalArgumentException("Cannot read the expected split from " + path
            + ": it has no assignment.arms (give the summary.json of score with --arm, or generator.json)");
      }
      Map<String, Double> m = new LinkedHashMap<>();
      arms.forEach(a -> m.put(a.path("name").asText(), a.path("fraction").asDouble()));
      return new ExpectedSplit(m, path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the expected split from " + path + ": " + e.getMessage(), e);
    }
  }

  /** Equal fractions over {@code arms}. */
  public static ExpectedSplit equal(List<String> arms) {
    Map<String, Double> m = new LinkedHashMap<>();
    arms.forEach(a -> m.put(a, 1.0 / arms.size()));
    return new ExpectedSplit(m, "equal (assumed: give --expected-split or --assignment)");
  }

  /** Checks that the logs' arms are the planned ones; returns the arms in the plan's order. */
  public List<String> order(List<String> seen, String logs) {
    if (!new java.util.HashSet<>(seen).equals(fractions.keySet())) {
      throw new IllegalArgumentException("Cannot read the A/B test in " + logs + ": its arms " + seen
          + " are not the planned arms " + fractions.keySet() + " (" + source + ")");
    }
    return List.copyOf(fractions.keySet());
  }
}
