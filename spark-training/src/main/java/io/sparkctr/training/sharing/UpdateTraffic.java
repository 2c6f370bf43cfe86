package io.sparkctr.training.sharing;

import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.compression.ThresholdCompression;
import org.nd4j.parameterserver.distributed.v2.transport.UpdatesHandler;
import org.reactivestreams.Subscription;

/**
 * Counts the encoded updates that reach the mesh root (the driver), which receives every worker's
 * update once. An update is an int array: a 4-int header, then either one int per element that
 * crossed the threshold (sparse, "flexible" encoding) or 2 bits per parameter (bitmap encoding,
 * used when more than 1/16 of the elements cross it).
 */
final class UpdateTraffic implements UpdatesHandler {
  private static final int HEADER_INTS = 4;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong sparse = new AtomicLong();
  private final AtomicLong sparseElements = new AtomicLong();

  /** Totals so far; {@link Totals#minus} gives an epoch's share. */
  record Totals(long messages, long bytes, long sparseMessages, long sparseElements) {
    Totals minus(Totals o) {
      return new Totals(messages - o.messages, bytes - o.bytes, sparseMessages - o.sparseMessages,
          sparseElements - o.sparseElements);
    }

    /** Mean encoded bytes per update message. */
    double bytesPerUpdate() {
      return messages == 0 ? 0 : (double) bytes / messages;
    }

    /** Mean fraction of the parameters sent by a sparse update. */
    double sparseDensity(long params) {
      return sparseMessages == 0 ? 0 : (double) sparseElements / sparseMessages / params;
    }

    String describe(long params) {
      return String.format("%d updates, %.1f MB, %.0f bytes/update (dense would be %d), %d sparse with mean "
              + "density %.4f%%, %d bitmap", messages, bytes / 1e6, bytesPerUpdate(), params * 4, sparseMessages,
          100 * sparseDensity(params), messages - sparseMessages);
    }
  }

  Totals totals() {
    return new Totals(messages.get(), bytes.get(), sparse.get(), sparseElements.get());
  }

  @Override
  public void onNext(INDArray update) {
    long ints = update.length();
    messages.incrementAndGet();
    bytes.addAndGet(ints * 4);
    if (update.data().getInt(3) == ThresholdCompression.FLEXIBLE_ENCODING) {
      sparse.incrementAndGet();
      sparseElements.addAndGet(Math.max(0, ints - HEADER_INTS));
    }
  }

  @Override
  public INDArray getParametersArray() {
    return null;
  }

  @Override
  public void onSubscribe(Subscription s) {
    // updates are pushed to every subscriber; nothing to request
  }

  @Override
  public void onError(Throwable t) {
    // the transport reports its own errors
  }

  @Override
  public void onComplete() {
    // nothing to flush
  }
}
