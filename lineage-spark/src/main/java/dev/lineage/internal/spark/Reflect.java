package dev.lineage.internal.spark;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Spark's Scala objects without linking against their signatures. A Scala {@code Seq} is
 * {@code scala.collection.Seq} in Scala 2.12 and {@code scala.collection.immutable.Seq} in 2.13, so a method that
 * returns one has a different descriptor in each; called by name and iterated through {@code iterator()}, the same
 * class works on Spark 3.5 (Scala 2.12 or 2.13) and Spark 4 (Scala 2.13). Plan nodes are read the same way, by
 * class and method name, because they are internal to Spark SQL and change between releases.
 */
final class Reflect {
  private Reflect() {}

  /** The no-argument method's result, or empty if the object has no such method or it fails. */
  static Optional<Object> call(Object target, String method) {
    if (target == null) {
      return Optional.empty();
    }
    try {
      Method m = target.getClass().getMethod(method);
      return Optional.ofNullable(m.invoke(target));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** The elements of a Scala collection (anything with {@code iterator()}), or of a Java iterable or array. */
  static List<Object> elements(Object collection) {
    List<Object> out = new ArrayList<>();
    if (collection == null) {
      return out;
    }
    if (collection instanceof Iterable<?> i) {
      i.forEach(out::add);
      return out;
    }
    if (collection.getClass().isArray()) {
      for (int k = 0; k < java.lang.reflect.Array.getLength(collection); k++) {
        out.add(java.lang.reflect.Array.get(collection, k));
      }
      return out;
    }
    call(collection, "iterator").ifPresent(it -> {
      if (it instanceof scala.collection.Iterator<?> s) {
        while (s.hasNext()) {
          out.add(s.next());
        }
      }
    });
    return out;
  }

  /** The value of a Scala {@code Option}, or empty for {@code None} and for anything else. */
  static Optional<Object> option(Object option) {
    if (option instanceof scala.Option<?> o && o.isDefined()) {
      return Optional.ofNullable(o.get());
    }
    return Optional.empty();
  }

  /** The class's simple name, without the {@code $} Scala gives objects. */
  static String simpleName(Object o) {
    String n = o.getClass().getSimpleName();
    return n.endsWith("$") ? n.substring(0, n.length() - 1) : n;
  }
}
