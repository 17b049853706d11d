package org.codehaus.plexus.classworlds.launcher;

/**
 * Stands in for Maven's launcher in a test: like {@code mvn exec:java}, it runs the named main class on a thread
 * of its own and waits for it, so the JVM's command names this class, not the user's.
 */
public final class Launcher {
  public static void main(String[] args) throws Exception {
    Class<?> user = Class.forName(args[0]);
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    Thread t = new Thread(() -> {
      try {
        user.getMethod("main", String[].class).invoke(null, (Object) rest);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }, user.getName() + ".main()");
    t.start();
    t.join();
  }
}
