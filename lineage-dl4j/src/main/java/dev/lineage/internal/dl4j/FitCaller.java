package dev.lineage.internal.dl4j;

import java.lang.invoke.MethodType;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Whether the iteration running now was started by a network's own {@code fit(iterator)}, the one place DL4J
 * measures how long it waited for a batch. DL4J's ETL time says nothing about it: it reads 0 outside and keeps
 * the last value once set, so a {@code fit(DataSet)} loop after a {@code fit(iterator)} would read a stale wait.
 * The call stack does: a network's method taking an iterator is on it.
 */
public final class FitCaller {
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private FitCaller() {}

  public static boolean insideFitIterator() {
    return WALKER.walk(frames -> frames.anyMatch(f -> Model.class.isAssignableFrom(f.getDeclaringClass())
        && takesIterator(f.getMethodType())));
  }

  private static boolean takesIterator(MethodType type) {
    for (Class<?> p : type.parameterArray()) {
      if (DataSetIterator.class.isAssignableFrom(p) || MultiDataSetIterator.class.isAssignableFrom(p)) {
        return true;
      }
    }
    return false;
  }
}
