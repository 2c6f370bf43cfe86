package io.sparkctr.training.executor;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A lazy iterator over chunks: {@code next} yields the next chunk (empty when done), so a partition
 * is scored one chunk at a time as Spark consumes it, never held whole.
 */
final class ChunkIterator<T> implements Iterator<T> {
  private final Supplier<List<T>> next;
  private List<T> chunk = List.of();
  private int i;

  ChunkIterator(Supplier<List<T>> next) {
    this.next = next;
  }

  @Override
  public boolean hasNext() {
    if (i < chunk.size()) {
      return true;
    }
    chunk = next.get();
    i = 0;
    return !chunk.isEmpty();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return chunk.get(i++);
  }
}
