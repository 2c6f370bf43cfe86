package io.sparkctr.training;

import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What the workers exchanged over one epoch.
 *
 * @param bytes bytes sent by workers (updates or parameter vectors)
 * @param messages update messages (gradient sharing) or parameter vectors (averaging) sent
 * @param steps minibatch steps of the epoch, all workers together (from the row count: ceil(rows /
 *     batch size); each partition's last partial batch may add up to one step per partition)
 * @param detail a human-readable account
 */
public record Exchange(long bytes, long messages, long steps, String detail) {

  /** Bytes exchanged per minibatch step. */
  public double bytesPerStep() {
    return steps == 0 ? 0 : (double) bytes / steps;
  }

  /**
   * Parameter averaging's traffic, computed from its schedule: every {@code frequency} minibatches
   * each worker sends its parameters and updater state to the driver, which broadcasts the average
   * back (counted once, as the worker's share; the broadcast doubles it on the wire).
   */
  static Exchange parameterAveraging(ComputationGraph net, long steps, int workers, int frequency) {
    long perWorker = (steps + workers - 1) / workers;
    long rounds = (perWorker + frequency - 1) / frequency;
    long vector = 4L * (net.numParams() + net.getUpdater().getStateViewArray().length());
    long messages = rounds * workers;
    return new Exchange(messages * vector, messages, steps, String.format(Locale.ROOT,
        "parameter averaging: %d rounds x %d workers x %.1f MB (parameters + updater state)", rounds, workers,
        vector / 1e6));
  }
}
