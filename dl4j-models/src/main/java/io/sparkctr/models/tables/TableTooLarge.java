package io.sparkctr.models.tables;

/**
 * A table that the Java heap cannot hold, found before allocating it: the message gives the sizes and
 * the settings to change (-Xmx / spark.executor.memory, or fewer hash bits). The CLI reports it in one
 * line with exit 1 (the machine's memory as configured), without a stack trace.
 */
public final class TableTooLarge extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  TableTooLarge(String message) {
    super(message);
  }
}
