package dev.lineage.internal.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Finds the class whose {@code main} the user ran, past the launchers that start it for them: Maven
 * ({@code exec:java} runs it on a thread of its own under plexus-classworlds), Gradle's workers, IntelliJ and
 * Eclipse, {@code spark-submit} ({@code --class}), Spring Boot's jar launcher and {@code java -jar}.
 */
final class MainClass {
  /** Packages whose {@code main} starts someone else's. */
  private static final List<String> LAUNCHERS = List.of("org.codehaus.plexus.classworlds.", "org.apache.maven.",
      "org.codehaus.mojo.exec.", "org.gradle.", "worker.org.gradle.", "com.intellij.rt.", "org.jetbrains.",
      "org.eclipse.jdt.internal.", "org.junit.", "org.springframework.boot.loader.", "org.apache.spark.deploy.",
      "java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.");

  private MainClass() {}

  static boolean isLauncher(String className) {
    return LAUNCHERS.stream().anyMatch(className::startsWith);
  }

  /**
   * @param command the JVM's {@code sun.java.command}: its main class or jar, then its arguments
   * @param stacks every live thread's stack, where a launcher's thread still runs the user's {@code main}
   */
  static Optional<String> find(String command, Map<Thread, StackTraceElement[]> stacks) {
    if (command == null || command.isBlank()) {
      return fromStacks(stacks);
    }
    String[] tokens = command.trim().split("\\s+");
    String first = tokens[0];
    if (first.endsWith(".jar")) {
      Optional<String> fromJar = fromJar(Path.of(first));
      if (fromJar.isPresent() && !isLauncher(fromJar.get())) {
        return fromJar;
      }
      return fromStacks(stacks).or(() -> fromJar);
    }
    if (!isLauncher(first)) {
      return Optional.of(first);
    }
    for (int i = 1; i + 1 < tokens.length; i++) {
      if (tokens[i].equals("--class")) { // spark-submit
        return Optional.of(tokens[i + 1]);
      }
    }
    Optional<String> running = fromStacks(stacks);
    if (running.isPresent()) {
      return running;
    }
    if (first.startsWith("com.intellij.rt.") && tokens.length > 1 && tokens[1].matches("[\\w.$]+")) {
      return Optional.of(tokens[1]); // AppMainV2 names the class it starts next
    }
    return Optional.of(first); // nothing but the launcher (a test JVM): that is what ran
  }

  /** The outermost {@code main} frame that is not a launcher's, preferring the thread named main. */
  private static Optional<String> fromStacks(Map<Thread, StackTraceElement[]> stacks) {
    Optional<String> found = Optional.empty();
    for (Map.Entry<Thread, StackTraceElement[]> e : stacks.entrySet()) {
      StackTraceElement[] frames = e.getValue();
      for (int i = frames.length - 1; i >= 0; i--) {
        StackTraceElement f = frames[i];
        if (f.getMethodName().equals("main") && !isLauncher(f.getClassName())) {
          if (e.getKey().getName().equals("main")) {
            return Optional.of(f.getClassName());
          }
          found = found.or(() -> Optional.of(f.getClassName()));
          break;
        }
      }
    }
    return found;
  }

  private static Optional<String> fromJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return Optional.empty();
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      if (file.getManifest() == null) {
        return Optional.empty();
      }
      Attributes main = file.getManifest().getMainAttributes();
      String start = main.getValue("Start-Class"); // Spring Boot: Main-Class is its launcher
      return Optional.ofNullable(start != null ? start : main.getValue(Attributes.Name.MAIN_CLASS));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
