package io.sparkctr.common.output;

/**
 * Another live run is writing the same output (its staging directory's heartbeat is fresh): not a
 * fault of the input, and nothing to retry at once; the command line names the output and the run.
 */
public final class OutputInUseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public OutputInUseException(String message) {
    super(message);
  }
}
