package io.sparkctr.training.tables.sharded;

/**
 * An executor's table server could not bind its address ({@code table-base-port} + its executor id at its host):
 * another process holds the port. The message is one line that names the address and the setting; the CLI reports it
 * as it is, with exit 1 (the command line is not at fault, and a run on other hosts or ports may pass).
 */
public final class TableServerUnavailable extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public TableServerUnavailable(String address, Throwable cause) {
    super("Cannot start the table server at " + address + ": " + cause
        + " (another process holds the port: set sparkctr.training.table-base-port to a free range)", cause);
  }
}
