package io.sparkctr.training.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A partition consumed a chunk at a time: scoring a chunk of rows is one DL4J forward pass, and a
 * partition is never held whole. Used by evaluation on the executors, DataFrame scoring and {@code sparkctr score}.
 */
public final class Chunked<I, O> implements Iterator<O> {
  private final Iterator<I> in;
  private final int size;
  private final Function<List<I>, List<O>> f;
  private List<O> chunk = List.of();
  private int next;

  private Chunked(Iterator<I> in, int size, Function<List<I>, List<O>> f) {
    this.in = in;
    this.size = size;
    this.f = f;
  }

  /** {@code f} maps each chunk of up to {@code size} inputs, in order, to its outputs (any number). */
  public static <I, O> Iterator<O> map(Iterator<I> in, int size, Function<List<I>, List<O>> f) {
    return new Chunked<>(in, size, f);
  }

  @Override
  public boolean hasNext() {
    while (next == chunk.size()) {
      if (!in.hasNext()) {
        return false;
      }
      List<I> inputs = new ArrayList<>(size);
      while (in.hasNext() && inputs.size() < size) {
        inputs.add(in.next());
      }
      chunk = f.apply(inputs);
      next = 0;
    }
    return true;
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return chunk.get(next++);
  }
}
