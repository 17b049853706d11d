package dev.lineage.internal.step;

import dev.lineage.InvalidInputException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The code a step's fingerprint covers: where the walk over the bytecode starts (the body's own method, the
 * classes of the values it captured, classes and packages named with {@code code}/{@code codePackage}), the jars
 * taken whole ({@code codeJar}) and the files ({@code codeFile}).
 */
record CodeScope(List<Root> roots, Set<Class<?>> packages, Set<Class<?>> jars, Set<Path> files) {

  /**
   * Where the walk starts: one method of a class (a lambda's body), or a whole class when {@code method} is null.
   */
  record Root(Class<?> type, String method) {
    Root {
      if (type == null) {
        throw new InvalidInputException("step code", "must not be null");
      }
    }
  }

  CodeScope {
    roots = List.copyOf(roots);
    packages = Set.copyOf(packages);
    jars = Set.copyOf(jars);
    files = Set.copyOf(files);
  }

  boolean isEmpty() {
    return roots.isEmpty() && packages.isEmpty() && jars.isEmpty();
  }

  /**
   * The roots of a step body. A lambda or method reference is {@link java.io.Serializable} (as {@code StepBody}
   * is), so the JVM describes it: the method that holds its code and the values it captured, whose classes are
   * roots too (the walk cannot see which implementation an interface call reaches; a captured value's class it
   * can). Any other body is its class, whole. A lambda the JVM will not describe is its defining class, whole.
   */
  static List<Root> rootsOf(Object body) {
    Class<?> type = body.getClass();
    if (!type.isSynthetic() || !type.isHidden()) {
      return List.of(new Root(type, null));
    }
    SerializedLambda lambda;
    try {
      Method writeReplace = type.getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      lambda = (SerializedLambda) writeReplace.invoke(body);
    } catch (ReflectiveOperationException | RuntimeException notDescribed) {
      return List.of(new Root(type.getNestHost(), null));
    }
    List<Root> roots = new ArrayList<>();
    Class<?> implementation;
    try {
      implementation = Class.forName(lambda.getImplClass().replace('/', '.'), false, type.getClassLoader());
    } catch (ClassNotFoundException e) {
      return List.of(new Root(type.getNestHost(), null));
    }
    roots.add(new Root(implementation, lambda.getImplMethodName() + lambda.getImplMethodSignature()));
    for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
      Object captured = lambda.getCapturedArg(i);
      // A captured `this` is the implementation's own class: its methods are reached from the body's method.
      if (captured != null && captured.getClass() != implementation && !captured.getClass().isHidden()) {
        roots.add(new Root(captured.getClass(), null));
      } else if (captured != null && captured.getClass().isHidden()) {
        roots.addAll(rootsOf(captured)); // a lambda handed to the body: its own code
      }
    }
    return roots;
  }
}
