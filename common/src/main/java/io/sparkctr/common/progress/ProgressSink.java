package io.sparkctr.common.progress;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where progress goes: plain log lines, or a bar redrawn on stderr when the console is a terminal. */
abstract class ProgressSink {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  private static final int WIDTH = 24;

  /** Shows the current state; {@code fraction} in [0, 1] when known. */
  abstract void show(String line, double fraction);

  /** The phase ended: a bar moves to a new line. */
  void done() {
  }

  static ProgressSink forConsole(boolean barAllowed) {
    return barAllowed && System.console() != null ? new Bar(System.err) : new Log();
  }

  static final class Log extends ProgressSink {
    @Override
    void show(String line, double fraction) {
      LOG.info(line);
    }
  }

  static final class Bar extends ProgressSink {
    private final PrintStream out;
    private boolean drawn;

    Bar(PrintStream out) {
      this.out = out;
    }

    @Override
    synchronized void show(String line, double fraction) {
      int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
      out.print("\r[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + line + "\u001b[K");
      out.flush();
      drawn = true;
      LOG.debug(line);
    }

    @Override
    synchronized void done() {
      if (drawn) {
        out.println();
        drawn = false;
      }
    }
  }
}
