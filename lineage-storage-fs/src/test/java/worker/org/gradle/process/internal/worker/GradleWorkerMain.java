package worker.org.gradle.process.internal.worker;

/** Stands in for Gradle's worker in a test: it calls the user's main on its own thread, by reflection. */
public final class GradleWorkerMain {
  public static void main(String[] args) throws Exception {
    Class.forName(args[0]).getMethod("main", String[].class)
        .invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
  }
}
