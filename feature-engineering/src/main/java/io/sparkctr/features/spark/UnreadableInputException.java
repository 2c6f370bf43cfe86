package io.sparkctr.features.spark;

/**
 * An input file that could not be read (truncated compressed file, checksum mismatch, I/O error
 * while reading): names the file, which Hadoop's readers often do not. Thrown inside Spark tasks;
 * the driver finds it in the cause chain of Spark's job failure.
 */
public final class UnreadableInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;

  public UnreadableInputException(String file, Throwable cause) {
    super("Cannot read input file " + file + ": " + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    this.file = file;
  }

  /** The file that could not be read. */
  public String file() {
    return file;
  }
}
