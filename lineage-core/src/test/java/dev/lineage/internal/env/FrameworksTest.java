package dev.lineage.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Frameworks are named by a marker class and versioned from the jar that holds it. */
class FrameworksTest {
  @Test
  void aFrameworkIsVersionedFromItsJarsPomProperties() {
    String jackson = ObjectMapper.class.getPackage().getImplementationVersion();
    Map<String, Class<?>> markers = Map.of("org.apache.spark.SparkContext", ObjectMapper.class,
        "org.nd4j.linalg.cpu.nativecpu.CpuBackend", JsonFactory.class);
    Map<String, String> found = Frameworks.on(name -> Optional.ofNullable(markers.get(name)));
    assertEquals(Map.of("spark", jackson, "nd4j-backend", "jackson-core " + jackson), found);
  }

  /** Scala's library jar has no Maven metadata; its own library.properties says its version. */
  @Test
  void scalaIsVersionedFromItsLibraryProperties(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path jar = dir.resolve("scala-library-2.13.16.jar");
    String marker = Marker.class.getName().replace('.', '/') + ".class";
    try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
        var bytes = FrameworksTest.class.getClassLoader().getResourceAsStream(marker)) {
      out.putNextEntry(new java.util.jar.JarEntry(marker));
      bytes.transferTo(out);
      out.putNextEntry(new java.util.jar.JarEntry("library.properties"));
      out.write("version.number=2.13.16\nmaven.version.number=2.13.16\n".getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
    }
    try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
      Class<?> inJar = Class.forName(Marker.class.getName(), false, loader);
      assertEquals(Map.of("scala", "2.13.16"),
          Frameworks.on(name -> Optional.ofNullable(name.equals("scala.Predef") ? inJar : null)));
    }
  }

  /** A class to put in a jar of its own. */
  static final class Marker {}

  @Test
  void noneIsFoundOnAClasspathWithoutThem() {
    assertEquals(Map.of(), Frameworks.on(FrameworksTest.class.getClassLoader()));
  }
}
