package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.nightly.NightlyResult;

/**
 * What a command returns; {@code io.sparkctr.jobs.cli.Main} documents them, returns them for
 * failures (as {@code Main.EXIT_*}) and exits with them.
 */
public final class ExitCodes {
  public static final int OK = 0;
  /** Any failure that is not bad input: I/O and infrastructure errors included. */
  public static final int FAILURE = 1;
  /** Bad usage, config or input. */
  public static final int BAD_INPUT = 2;
  /** nightly: the gate rejected the candidate; the published model is unchanged. */
  public static final int REJECTED = 3;

  private ExitCodes() {}

  /** nightly: {@value #OK} when the candidate was published, {@value #REJECTED} when the gate rejected it. */
  public static int of(NightlyResult r) {
    return r.published() ? OK : REJECTED;
  }
}
