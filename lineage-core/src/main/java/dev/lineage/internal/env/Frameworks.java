package dev.lineage.internal.env;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The versions of the ML and data frameworks a run's classpath holds, for its fingerprint. Each is found by a
 * class it always has, loaded without initialising it (so an ND4J backend is named, not started), and its version
 * is read from the Maven {@code pom.properties} in the jar that holds that class.
 */
final class Frameworks {
  /** Name in the fingerprint, then the classes that mark it (the first one present counts). */
  private static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put("deeplearning4j", new String[] {"org.deeplearning4j.nn.api.Model"});
    KNOWN.put("nd4j", new String[] {"org.nd4j.linalg.factory.Nd4j"});
    KNOWN.put("nd4j-backend", new String[] {"org.nd4j.linalg.jcublas.JCublasBackend",
        "org.nd4j.linalg.cpu.nativecpu.CpuBackend"});
    KNOWN.put("spark", new String[] {"org.apache.spark.SparkContext"});
    KNOWN.put("scala", new String[] {"scala.Predef"});
    KNOWN.put("djl", new String[] {"ai.djl.Model"});
    KNOWN.put("onnxruntime", new String[] {"ai.onnxruntime.OrtEnvironment"});
    KNOWN.put("xgboost4j", new String[] {"ml.dmlc.xgboost4j.java.XGBoost"});
  }

  /** Frameworks whose jar carries no Maven metadata: the file inside it, and the key that holds the version. */
  private static final Map<String, String[]> VERSION_FILES = Map.of("scala",
      new String[] {"library.properties", "version.number"});

  private Frameworks() {}

  /**
   * Each known framework {@code loader} can load, with its version ({@code artifactId version} where the
   * artifact says more than the name, as for an ND4J backend); "unknown" if its jar carries no version.
   */
  static Map<String, String> on(ClassLoader loader) {
    return on(name -> load(name, loader));
  }

  /** Like {@link #on(ClassLoader)}, with {@code classes} finding a class by name. */
  static Map<String, String> on(Function<String, Optional<Class<?>>> classes) {
    Map<String, String> found = new TreeMap<>();
    KNOWN.forEach((name, markers) -> {
      for (String marker : markers) {
        Optional<Class<?>> c = classes.apply(marker);
        if (c.isPresent()) {
          found.put(name, version(c.get(), name).orElse("unknown"));
          return;
        }
      }
    });
    return found;
  }

  private static Optional<Class<?>> load(String name, ClassLoader loader) {
    try {
      return Optional.of(Class.forName(name, false, loader));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  private static Optional<String> version(Class<?> c, String name) {
    Optional<String> fromJar = properties(c, e -> e.startsWith("META-INF/maven/") && e.endsWith("/pom.properties"))
        .map(p -> {
          String artifact = p.getProperty("artifactId", name);
          String version = p.getProperty("version", "unknown");
          return artifact.equals(name) || !name.endsWith("-backend") ? version : artifact + " " + version;
        });
    String[] file = VERSION_FILES.get(name);
    return fromJar
        .or(() -> file == null ? Optional.empty()
            : properties(c, file[0]::equals).map(p -> p.getProperty(file[1])))
        .or(() -> Optional.ofNullable(c.getPackage()).map(Package::getImplementationVersion));
  }

  /** The first properties file whose entry name {@code wanted} accepts, in the jar that holds {@code c}. */
  private static Optional<Properties> properties(Class<?> c, java.util.function.Predicate<String> wanted) {
    CodeSource source = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null || !"file".equals(location.getProtocol())) {
      return Optional.empty();
    }
    try {
      Path jar = Path.of(location.toURI());
      if (!Files.isRegularFile(jar)) {
        return Optional.empty();
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
          JarEntry entry = e.nextElement();
          if (wanted.test(entry.getName())) {
            Properties p = new Properties();
            try (InputStream in = file.getInputStream(entry)) {
              p.load(in);
            }
            return Optional.of(p);
          }
        }
      }
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      // an unreadable jar: no version, the framework is still named
    }
    return Optional.empty();
  }
}
