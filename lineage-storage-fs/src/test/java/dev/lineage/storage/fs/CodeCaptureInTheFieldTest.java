package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.ArtifactKind;
import dev.lineage.ClasspathEntry;
import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.maintenance.GcOptions;
import dev.lineage.maintenance.VerifyReport;
import dev.lineage.query.RunQuery;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path by content, captured by real JVMs as users start them: released libraries by coordinates, the
 * user's own code stored once and given back byte for byte, an unchanged code base adding nothing, and garbage
 * collection and verify counting what a run's code names.
 */
class CodeCaptureInTheFieldTest {
  @TempDir Path dir;

  private void probe(Path work, String classpath, Path store) throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", classpath, FingerprintProbe.class.getName(), store.toString());
    Path log = Files.createTempFile(dir, "probe", ".log");
    Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "probe finished");
    assertEquals(0, p.exitValue(), Files.readString(log));
  }

  private static List<Path> blobs(Path store) throws IOException {
    try (Stream<Path> files = Files.walk(store.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static Map<String, String> tree(Path root) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        files.put(root.relativize(f).toString(), HexFormat.of().formatHex(digest));
      }
    }
    return files;
  }

  @Test
  void librariesByCoordinatesTheUsersCodeStoredOnceAndGivenBack() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path classes = Files.createDirectories(work.resolve("out/classes/com/acme"));
    Files.writeString(classes.resolve("Train.class"), "not really bytecode");
    Files.writeString(classes.resolve("model.conf"), "layers=3\n");
    Path repo = dir.resolve("m2/repository");
    Path library = TestFiles.jar(repo.resolve("org/acme/widgets/1.2/widgets-1.2.jar"),
        Map.of("org/acme/W.class", "w"));
    Files.writeString(library.resolveSibling("widgets-1.2.pom"), "<project><groupId>org.acme</groupId></project>");
    Path snapshot = TestFiles.jar(repo.resolve("org/acme/gadgets/2.0-SNAPSHOT/gadgets-2.0-SNAPSHOT.jar"),
        Map.of("g", "s"));
    Files.writeString(snapshot.resolveSibling("gadgets-2.0-SNAPSHOT.pom"),
        "<project><groupId>org.acme</groupId></project>");
    String classpath = String.join(File.pathSeparator, "out/classes", library.toString(), snapshot.toString(),
        "lib/gone.jar", System.getProperty("java.class.path"));
    Path store = dir.resolve("store");

    probe(work, classpath, store);
    List<Path> afterFirst = blobs(store);
    probe(work, classpath, store);
    assertEquals(afterFirst, blobs(store), "a second run of unchanged code adds no blob");

    try (Lineage lineage = Lineage.builder().store(store.toString()).systemMetrics(false).recordCode(false)
        .build()) {
      List<RunRecord> runs = lineage.runs(RunQuery.all());
      assertEquals(2, runs.size());
      assertEquals(runs.get(0).fingerprint().classpath(), runs.get(1).fingerprint().classpath(),
          "one manifest for both runs");
      List<ClasspathEntry> entries = lineage.classpath(runs.get(0).id());
      assertEquals(List.of(classpath.split(File.pathSeparator)), entries.stream().map(ClasspathEntry::path).toList());

      ClasspathEntry own = entries.get(0);
      assertTrue(own.stored() && own.coordinates().isEmpty());
      assertEquals(ArtifactKind.DIRECTORY, own.content().orElseThrow().kind());
      Path restored = lineage.restore(own.content().get(), dir.resolve("restored"));
      assertEquals(tree(work.resolve("out/classes")), tree(restored), "the user's classes come back byte for byte");

      ClasspathEntry lib = entries.get(1);
      assertEquals("org.acme:widgets:1.2", lib.coordinates().orElseThrow());
      assertFalse(lib.stored(), "a released library is fetched again, not stored");
      assertEquals(lineage.describe(library).digest(), lib.content().orElseThrow().digest());

      assertTrue(entries.get(2).stored() && entries.get(2).coordinates().isEmpty(), "a snapshot is stored");
      try (var in = lineage.openArtifact(entries.get(2).content().orElseThrow())) {
        assertArrayEquals(Files.readAllBytes(snapshot), in.readAllBytes());
      }
      assertTrue(entries.get(3).content().isEmpty() && !entries.get(3).stored(), "a missing entry, by path");

      assertTrue(lineage.maintenance().verify().ok(), "every blob a run's code names is there");
      lineage.maintenance().gc(GcOptions.deleting().withGrace(Duration.ZERO));
      assertEquals(afterFirst, blobs(store), "garbage collection keeps what the runs' code names");

      Path snapshotBlob = store.resolve("blobs/sha256")
          .resolve(entries.get(2).content().get().digest().hex().substring(0, 2))
          .resolve(entries.get(2).content().get().digest().hex());
      Files.delete(snapshotBlob);
      VerifyReport report = lineage.maintenance().verify();
      List<String> keys = new ArrayList<>();
      report.problems().forEach(p -> keys.add(p.key()));
      assertEquals(List.of(store.relativize(snapshotBlob).toString().replace(File.separatorChar, '/')), keys,
          "the stored code that is gone is named: " + report.problems());
    }
  }
}
