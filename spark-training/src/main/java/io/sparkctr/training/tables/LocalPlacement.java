package io.sparkctr.training.tables;

import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * {@link Kind#LOCAL}: every task runs in the driver's JVM, where a graph rebuilt from its
 * configuration finds the driver's tables by key, so DL4J's workers train the driver's tables in
 * place (striped row locks, see {@code LocalTable}). Nothing is shipped or averaged.
 */
final class LocalPlacement extends DriverTablesPlacement {
  private static final Epoch IN_PLACE = new Epoch() {
    @Override
    public ExecutorTables.Ref ref() {
      return null;
    }

    @Override
    public void trained(Consumer<String> phase) {
      // one copy, trained in place: nothing to flush before averaging, nothing to average
    }

    @Override
    public void close() {
    }
  };

  @Override
  public Kind kind() {
    return Kind.LOCAL;
  }

  @Override
  public Epoch beginEpoch(int epoch, double learningRateScale, OptionalLong eventTime) {
    return IN_PLACE;
  }
}
