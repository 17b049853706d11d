package dev.lineage.internal.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.ArtifactKind;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.HashCache;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.internal.store.Store;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which class path entries are libraries known by coordinates, and which are the user's code, to be stored. */
class ClasspathScanTest {
  @TempDir Path dir;

  private final ArtifactStore artifacts = new ArtifactStore(
      Store.open(new InMemoryBackend(URI.create("mem:/scan")), Clock.systemUTC(), true)
          .blobs(), HashCache.inMemory());

  private static Path jar(Path file, Map<String, String> entries) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }

  private static String pomProperties(String group, String artifact, String version) {
    return "groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n";
  }

  private List<ClasspathScan.Scanned> scan(Path work, Path... entries) {
    StringBuilder cp = new StringBuilder();
    for (Path p : entries) {
      cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(p);
    }
    return ClasspathScan.scan(cp.toString(), work, artifacts);
  }

  @Test
  void aJarInAMavenRepositoryIsALibraryByItsPlaceEvenWithoutMetadata() throws IOException {
    Path repo = dir.resolve("repository");
    Path jar = jar(repo.resolve("org/acme/tools/widgets/1.2/widgets-1.2.jar"), Map.of("a/A.class", "x"));
    Files.writeString(jar.resolveSibling("widgets-1.2.pom"), "<project><parent><groupId>org.acme</groupId>"
        + "</parent><!-- <groupId>wrong</groupId> --><groupId>org.acme.tools</groupId><artifactId>widgets</artifactId>"
        + "<dependencies><dependency><groupId>other</groupId></dependency></dependencies></project>");
    Path natives = jar(repo.resolve("org/acme/tools/widgets/1.2/widgets-1.2-linux-x86_64.jar"), Map.of("n", "y"));
    // The group inherited from the parent where the POM names none of its own.
    Path inherited = jar(repo.resolve("org/acme/gears/3.0/gears-3.0.jar"), Map.of("g", "z"));
    Files.writeString(inherited.resolveSibling("gears-3.0.pom"),
        "<project><parent><groupId>org.acme</groupId><artifactId>parent</artifactId></parent>"
            + "<artifactId>gears</artifactId><build><plugins><plugin><groupId>x</groupId></plugin></plugins></build>"
            + "</project>");
    List<ClasspathScan.Scanned> s = scan(dir.resolve("work"), jar, natives, inherited);
    assertEquals(Optional.of("org.acme.tools:widgets:1.2"), s.get(0).coordinates());
    assertEquals(Optional.of("org.acme.tools:widgets:1.2:linux-x86_64"), s.get(1).coordinates());
    assertEquals(Optional.of("org.acme:gears:3.0"), s.get(2).coordinates());
    assertTrue(s.stream().noneMatch(ClasspathScan.Scanned::storable));
    assertEquals(Sha256.of(Files.readAllBytes(jar)), s.get(0).content().orElseThrow().digest());
  }

  @Test
  void inTheLocalRepositoryThePathSaysTheGroupAndMavensRecordWhetherItWasDownloaded() throws IOException {
    Path root = dir.resolve("home/.m2/repository");
    Path fetched = jar(root.resolve("com/fasterxml/jackson/core/jackson-core/2.17.2/jackson-core-2.17.2.jar"),
        Map.of("x", "y"));
    Files.writeString(fetched.resolveSibling("_remote.repositories"),
        "#NOTE: This is a Maven Resolver internal implementation file\njackson-core-2.17.2.jar>central=\n"
            + "jackson-core-2.17.2.pom>central=\n");
    // The user's own release, put there by mvn install: no repository can give it back.
    Path installed = jar(root.resolve("com/acme/app/1.0/app-1.0.jar"), Map.of("a", "b"));
    Files.writeString(installed.resolveSibling("_remote.repositories"), "app-1.0.jar>=\napp-1.0.pom>=\n");
    Path noRecord = jar(root.resolve("org/other/thing/3/thing-3.jar"), Map.of("t", "h"));
    Path atTheRoot = jar(root.resolve("loose/1/loose-1.jar"), Map.of("l", "o"));
    List<Path> roots = List.of(root);
    assertEquals(Optional.of("com.fasterxml.jackson.core:jackson-core:2.17.2"),
        MavenLayout.coordinates(fetched, roots));
    assertEquals(Optional.empty(), MavenLayout.coordinates(installed, roots));
    assertEquals(Optional.of("org.other:thing:3"), MavenLayout.coordinates(noRecord, roots));
    assertEquals(Optional.empty(), MavenLayout.coordinates(atTheRoot, roots), "an artifact needs a group");
  }

  @Test
  void aJarInGradlesCacheIsALibrary() throws IOException {
    Path jar = jar(dir.resolve("caches/modules-2/files-2.1/com.example/lib/0.9/"
        + "0123456789abcdef0123456789abcdef01234567/lib-0.9.jar"), Map.of("c", "d"));
    assertEquals(Optional.of("com.example:lib:0.9"), scan(dir.resolve("work"), jar).get(0).coordinates());
  }

  @Test
  void aJarWithItsOwnPomPropertiesIsALibraryAndAShadedOneMatchesByItsFileName() throws IOException {
    Path lib = jar(dir.resolve("jars/parquet-avro-1.16.0.jar"), Map.of(
        "META-INF/maven/org.apache.parquet/parquet-avro/pom.properties",
        pomProperties("org.apache.parquet", "parquet-avro", "1.16.0")));
    Path shaded = jar(dir.resolve("jars/app-2.1.jar"), Map.of(
        "META-INF/maven/com.google.guava/guava/pom.properties", pomProperties("com.google.guava", "guava", "33.0"),
        "META-INF/maven/com.acme/app/pom.properties", pomProperties("com.acme", "app", "2.1")));
    List<ClasspathScan.Scanned> s = scan(dir.resolve("work"), lib, shaded);
    assertEquals(Optional.of("org.apache.parquet:parquet-avro:1.16.0"), s.get(0).coordinates());
    assertEquals(Optional.of("com.acme:app:2.1"), s.get(1).coordinates());
  }

  @Test
  void theUsersOwnCodeIsStoredSnapshotsAndBuildsInTheWorkingDirectoryIncluded() throws IOException {
    Path work = dir.resolve("work");
    Path classes = Files.createDirectories(work.resolve("target/classes/com/acme"));
    Files.writeString(classes.resolve("Train.class"), "bytecode");
    // A release built in the working directory: its metadata matches, but nothing says it was ever published.
    Path built = jar(work.resolve("target/app-1.0.jar"), Map.of(
        "META-INF/maven/com.acme/app/pom.properties", pomProperties("com.acme", "app", "1.0")));
    Path repo = dir.resolve("repository");
    Path snapshot = jar(repo.resolve("com/acme/lib/2.0-SNAPSHOT/lib-2.0-SNAPSHOT.jar"), Map.of("s", "t"));
    Files.writeString(snapshot.resolveSibling("lib-2.0-SNAPSHOT.pom"),
        "<project><groupId>com.acme</groupId></project>");
    Path plain = jar(dir.resolve("elsewhere/tool.jar"), Map.of("t", "u"));
    // The POM's group does not match the path: not a repository, whatever it looks like.
    Path misplaced = jar(dir.resolve("stuff/lib/1.0/lib-1.0.jar"), Map.of("m", "n"));
    Files.writeString(misplaced.resolveSibling("lib-1.0.pom"), "<project><groupId>org.other</groupId></project>");
    List<ClasspathScan.Scanned> s = scan(work, work.resolve("target/classes"), built, snapshot, plain, misplaced);
    assertEquals(ArtifactKind.DIRECTORY, s.get(0).content().orElseThrow().kind());
    for (ClasspathScan.Scanned entry : s) {
      assertTrue(entry.storable() && entry.coordinates().isEmpty(), entry.toString());
    }
  }

  @Test
  void aJarNearTheRootOfTheFileSystemIsTheUsersOwn() {
    // Gradle's cache is looked for four levels above a jar: one four levels below the root crashed the capture.
    assertEquals(Optional.empty(), MavenLayout.coordinates(Path.of("/a/b/c/d.jar")));
    assertEquals(Optional.empty(), MavenLayout.coordinates(Path.of("/b/c/d.jar")));
    assertEquals(Optional.empty(), MavenLayout.coordinates(Path.of("/c/d.jar")));
    assertEquals(Optional.empty(), MavenLayout.coordinates(Path.of("/d.jar")));
  }

  @Test
  void aJarsManifestClassPathIsFollowedAsTheJvmFollowsIt() throws IOException {
    Path app = dir.resolve("dist/app.jar");
    Files.createDirectories(app.getParent());
    java.util.jar.Manifest m = new java.util.jar.Manifest();
    m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, "lib/a.jar lib/b.jar");
    try (OutputStream out = Files.newOutputStream(app); var jar = new java.util.jar.JarOutputStream(out, m)) {
      jar.putNextEntry(new ZipEntry("Main.class"));
      jar.write(1);
    }
    jar(dir.resolve("dist/lib/a.jar"), Map.of("a", "a"));
    // b.jar is missing, as the JVM would find it.
    List<ClasspathScan.Scanned> s = scan(dir.resolve("work"), app, dir.resolve("dist/lib/a.jar"));
    assertEquals(List.of(app.toString(), dir.resolve("dist/lib/a.jar").toString(), dir.resolve("dist/lib/b.jar")
        .toString()), s.stream().map(ClasspathScan.Scanned::given).toList(), "each entry once, in the JVM's order");
    assertTrue(s.get(1).storable() && s.get(2).content().isEmpty());
  }

  @Test
  void relativeAndMissingEntriesKeepTheirPathAsGiven() throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    jar(work.resolve("lib/mine.jar"), Map.of("a", "b"));
    List<ClasspathScan.Scanned> s = ClasspathScan.scan("lib/mine.jar" + File.pathSeparator + "lib/gone.jar"
        + File.pathSeparator + File.pathSeparator, work, artifacts);
    assertEquals(2, s.size(), "empty entries are no entries");
    assertEquals("lib/mine.jar", s.get(0).given());
    assertTrue(s.get(0).storable());
    assertEquals("lib/gone.jar", s.get(1).given());
    assertFalse(s.get(1).content().isPresent() || s.get(1).storable());
  }

  @Test
  void coordinatesComeOnlyFromAFileNameThatStartsWithArtifactAndVersion() {
    assertEquals(Optional.of("g:a:1"), ClasspathScan.matching("a-1", "g", "a", "1"));
    assertEquals(Optional.of("g:a:1:tests"), ClasspathScan.matching("a-1-tests", "g", "a", "1"));
    assertEquals(Optional.empty(), ClasspathScan.matching("a-1x", "g", "a", "1"));
    assertEquals(Optional.empty(), ClasspathScan.matching("b-1", "g", "a", "1"));
    assertEquals(Optional.empty(), ClasspathScan.matching("a-1-SNAPSHOT", "g", "a", "1-SNAPSHOT"));
    assertEquals(Optional.empty(), ClasspathScan.matching("a-1-", "g", "a", "1"));
    assertEquals(Optional.empty(), ClasspathScan.matching("a-1-x y", "g", "a", "1"));
    assertEquals(Optional.empty(), ClasspathScan.matching("a-1", "g:h", "a", "1"));
    assertEquals(Optional.empty(), ClasspathScan.matching("a-1", null, "a", "1"));
  }
}
