package io.sparkctr.features.parse;

import java.io.Serializable;

/** Either a parsed record or a quarantined row; exactly one is non-null. */
public final class ParseOutcome implements Serializable {
  public final ParsedRecord record;
  public final QuarantinedRow bad;

  private ParseOutcome(ParsedRecord record, QuarantinedRow bad) {
    this.record = record;
    this.bad = bad;
  }

  public static ParseOutcome ok(ParsedRecord r) {
    return new ParseOutcome(r, null);
  }

  public static ParseOutcome bad(QuarantinedRow q) {
    return new ParseOutcome(null, q);
  }

  public boolean isOk() {
    return record != null;
  }
}
