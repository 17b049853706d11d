package dev.lineage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own unrelocated fat jar, built the way the shade plugin builds one without the services transformer:
 * every class of every jar, and of each resource path only the first copy, so core's, the filesystem backend's and
 * the S3 backend's {@code META-INF/services/dev.lineage.spi.StorageProvider} become one file naming one provider.
 */
class PlainFatJarTest {
  private static final String SERVICES = "META-INF/services/dev.lineage.spi.StorageProvider";

  @TempDir Path dir;

  /** Merges the test classpath's jars first-wins, leaving out those whose path contains {@code without}. */
  private Path fatJar(String without) throws IOException {
    Path fat = dir.resolve("app-" + without.replace('/', '_') + ".jar");
    Set<String> seen = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(fat))) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (!entry.endsWith(".jar") || (!without.isEmpty() && entry.contains(without))) {
          continue;
        }
        try (JarFile jar = new JarFile(entry)) {
          for (JarEntry e : java.util.Collections.list(jar.entries())) {
            if (e.isDirectory() || e.getName().equals("META-INF/MANIFEST.MF") || e.getName().endsWith(".SF")
                || e.getName().endsWith(".RSA") || e.getName().endsWith(".DSA") || !seen.add(e.getName())) {
              continue;
            }
            out.putNextEntry(new JarEntry(e.getName()));
            try (InputStream in = jar.getInputStream(e)) {
              in.transferTo(out);
            }
            out.closeEntry();
          }
        }
      }
    }
    return fat;
  }

  private String run(Path fat, int expectedExit, String store) throws Exception {
    Path classes = Path.of("target/test-classes").toAbsolutePath();
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        fat + File.pathSeparator + classes, "dev.lineage.spark.fatjar.OpenStore", store)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(expectedExit, p.exitValue(), out);
    return out;
  }

  @Test
  void aFatJarThatKeptOneServicesFileStillFindsTheFileBackendAndSaysWhatToFix() throws Exception {
    Path fat = fatJar("");
    try (JarFile jar = new JarFile(fat.toFile())) {
      String services = new String(jar.getInputStream(jar.getEntry(SERVICES)).readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(!services.contains("FileSystemProvider"),
          "the jar lost the filesystem backend's services entry, as a shade without the transformer does: " + services);
    }
    String out = run(fat, 0, dir.resolve("store").toString());
    assertTrue(out.contains("opened file:"), out);
    assertTrue(out.contains("ServicesResourceTransformer"), "the warning says what to add: " + out);
  }

  @Test
  void aFatJarWithoutTheFileBackendFailsWithWhatToAdd() throws Exception {
    String out = run(fatJar("lineage-storage-fs"), 2, dir.resolve("store").toString());
    for (String needed : List.of("no storage backend for scheme 'file'", "dev.lineage:lineage-storage-fs",
        "org.apache.maven.plugins.shade.resource.ServicesResourceTransformer")) {
      assertTrue(out.contains(needed), "'" + needed + "' in: " + out);
    }
  }
}
