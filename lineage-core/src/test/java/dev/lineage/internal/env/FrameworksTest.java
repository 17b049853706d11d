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

  @Test
  void noneIsFoundOnAClasspathWithoutThem() {
    assertEquals(Map.of(), Frameworks.on(FrameworksTest.class.getClassLoader()));
  }
}
