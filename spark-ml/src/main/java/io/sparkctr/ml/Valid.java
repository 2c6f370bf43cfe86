package io.sparkctr.ml;

import java.io.Serializable;
import java.util.function.Predicate;
import scala.Function1;
import scala.runtime.AbstractFunction1;

/** A Spark ML param validator from a Java predicate (MLlib wants a serializable Scala function). */
final class Valid {
  private Valid() {}

  static <T> Function1<T, Object> of(SerializablePredicate<T> ok) {
    return new Check<>(ok);
  }

  /** A predicate that travels with the params. */
  interface SerializablePredicate<T> extends Predicate<T>, Serializable {}

  private static final class Check<T> extends AbstractFunction1<T, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SerializablePredicate<T> ok;

    Check(SerializablePredicate<T> ok) {
      this.ok = ok;
    }

    @Override
    public Object apply(T value) {
      return value != null && ok.test(value);
    }
  }
}
