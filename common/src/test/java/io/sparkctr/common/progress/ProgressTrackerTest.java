package io.sparkctr.common.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/** What a progress line says, fed events as the listener would (interval 0: a line per event that moved). */
class ProgressTrackerTest {
  static final class Lines extends ProgressSink {
    final List<String> lines = new ArrayList<>();
    final List<Double> fractions = new ArrayList<>();
    int done;

    @Override
    void show(String line, double fraction) {
      lines.add(line);
      fractions.add(fraction);
    }

    @Override
    void done() {
      done++;
    }
  }

  @Test
  void taskPhasesCountTheirOwnStagesTasksAndRows() {
    Lines sink = new Lines();
    ProgressTracker t = new ProgressTracker("id", sink, 0);
    t.begin(1, "features: [2/6] parse", null, 0, "rows");
    t.stageSubmitted(1, 4);
    t.stageSubmitted(0, 99);              // a stage of an earlier phase
    t.taskEnded(1, 10, 1_000, true);
    t.taskEnded(0, 11, 5_000, true);      // ignored: earlier phase
    t.taskEnded(1, 12, 3_000, true);
    assertEquals(2, sink.lines.size(), "" + sink.lines);
    assertTrue(sink.lines.get(1).startsWith("features: [2/6] parse: 2/4 tasks, 4,000 rows, "), sink.lines.get(1));
    assertTrue(sink.lines.get(1).contains(" rows/s, ETA "), sink.lines.get(1));
    assertEquals(0.5, sink.fractions.get(1));
    t.taskEnded(1, 13, 0, false);         // a failed task counts as finished, its rows do not
    assertTrue(sink.lines.get(2).contains("3/4 tasks, 4,000 rows"), sink.lines.get(2));
    t.tick(System.nanoTime());            // nothing moved: no line
    assertEquals(3, sink.lines.size());
  }

  @Test
  void countedPhasesReportDoneOfTotalWithRunningTasksFromHeartbeats() {
    Lines sink = new Lines();
    ProgressTracker t = new ProgressTracker("id", sink, 0);
    LongAccumulator examples = new LongAccumulator();
    examples.add(500);
    t.begin(3, "train: epoch 1/2: fit", examples, 2_000, "examples");
    t.taskEnded(3, 1, 0, true);
    assertTrue(sink.lines.get(0).startsWith("train: epoch 1/2: fit: 500/2,000 examples (25%), "), sink.lines.get(0));
    assertTrue(sink.lines.get(0).contains("examples/s, ETA "), sink.lines.get(0));
    examples.add(1_500);
    t.taskEnded(3, 2, 0, true);
    assertTrue(sink.lines.get(1).contains("2,000/2,000 examples (100%)") && !sink.lines.get(1).contains("ETA"),
        sink.lines.get(1));
    t.begin(4, "train: epoch 1/2: validation", null, 0, "rows"); // the next phase: a last line of this one
    assertEquals(3, sink.lines.size());
    assertEquals(2, sink.done);
  }

  @Test
  void onATerminalOneBarIsRedrawnAndEndsWithANewLine() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ProgressSink.Bar bar = new ProgressSink.Bar(new java.io.PrintStream(bytes, true));
    bar.show("train: epoch 1/2: fit: 500/2,000 examples (25%)", 0.25);
    bar.show("train: epoch 1/2: fit: 1,000/2,000 examples (50%)", 0.5);
    bar.done();
    bar.done(); // nothing drawn since: no empty line
    assertEquals("\r[======                  ] train: epoch 1/2: fit: 500/2,000 examples (25%)\u001b[K"
        + "\r[============            ] train: epoch 1/2: fit: 1,000/2,000 examples (50%)\u001b[K"
        + System.lineSeparator(), bytes.toString());
  }

  @Test
  void aLongIntervalHoldsLinesBack() {
    Lines sink = new Lines();
    ProgressTracker t = new ProgressTracker("id", sink, 3_600_000);
    t.begin(1, "score: score and write", null, 0, "rows");
    t.stageSubmitted(1, 2);
    t.taskEnded(1, 1, 10, true);
    t.tick(System.nanoTime());
    assertEquals(List.of(), sink.lines);
  }
}
