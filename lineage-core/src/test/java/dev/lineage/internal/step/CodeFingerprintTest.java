package dev.lineage.internal.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.HashCache;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code fingerprint over real javac output: a job class with several step bodies (lambdas, a method
 * reference's worth of nesting, an anonymous class, a captured implementation, an interface default method) and
 * the classes they reach, compiled, changed in one place, and compiled again.
 */
class CodeFingerprintTest {
  @TempDir Path dir;

  private static final String JOB = """
      package job;
      import dev.lineage.step.StepBody;
      import dev.lineage.step.StepContext;
      public class Job {
        static final String GREETING = "hello";
        static int scale = Integer.getInteger("job.scale", 3);
        public static StepBody<RuntimeException> first() { return ctx -> Helper.work(GREETING); }
        public static StepBody<RuntimeException> second() { return ctx -> Other.run(); }
        public static StepBody<RuntimeException> scaled() { return ctx -> Helper.work("" + scale); }
        public static StepBody<RuntimeException> capturing() { Model m = new LinearModel(); return ctx -> m.fit(); }
        public static StepBody<RuntimeException> nested() {
          return ctx -> java.util.List.of(1).forEach(i -> Helper.work("n" + i));
        }
        public static StepBody<RuntimeException> anonymous() {
          return new StepBody<>() { public void run(StepContext ctx) { Helper.work("anon"); } };
        }
        public static StepBody<RuntimeException> viaDefault() { return ctx -> new Impl().greet(); }
        public static StepBody<RuntimeException> library() { return ctx -> lib.Lib.call(); }
      }
      class Helper { static void work(String s) { new Box(s).open(); } }
      class Box { final String s; Box(String s) { this.s = s; } void open() { } }
      class Other { static void run() { } }
      interface Model { void fit(); }
      class LinearModel implements Model { public void fit() { } }
      interface Greeter { default String greet() { return "hi"; } }
      class Impl implements Greeter { }
      class Unreached { void x() { } }
      """;
  private static final String LIB = """
      package lib;
      public class Lib { public static void call() { } }
      """;
  private static final List<String> BODIES = List.of("first", "second", "scaled", "capturing", "nested",
      "anonymous", "viaDefault", "library");

  private int builds;

  /** Each body's fingerprint, with the job's (and the library's) source changed as given. */
  private Map<String, String> fingerprints(String job, String lib) throws Exception {
    Path build = dir.resolve("build-" + builds++);
    Path libClasses = compile(build.resolve("lib"), Map.of("lib/Lib.java", lib), null);
    Path jar = build.resolve("lib.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      JarEntry entry = new JarEntry("lib/Lib.class");
      entry.setTime(0); // the same classes make the same jar, whenever built
      out.putNextEntry(entry);
      out.write(Files.readAllBytes(libClasses.resolve("lib/Lib.class")));
    }
    Path classes = compile(build.resolve("classes"), Map.of("job/Job.java", job), jar);
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
        getClass().getClassLoader());
    CodeFingerprint fingerprint = new CodeFingerprint(new ArtifactStore(null, HashCache.inMemory()));
    Map<String, String> out = new TreeMap<>();
    for (String body : BODIES) {
      Method m = loader.loadClass("job.Job").getMethod(body);
      Object b = m.invoke(null);
      out.put(body, fingerprint.of(null, new CodeScope(CodeScope.rootsOf(b), Set.of(), Set.of(), Set.of())));
    }
    return out;
  }

  private static Path compile(Path out, Map<String, String> sources, Path extra) throws IOException {
    Path src = out.resolveSibling(out.getFileName() + "-src");
    Files.createDirectories(out);
    List<String> args = new java.util.ArrayList<>(List.of("-d", out.toString(), "-g", "-classpath",
        CodeFingerprint.location(dev.lineage.step.StepBody.class) + (extra == null ? "" : java.io.File.pathSeparator + extra)));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, OutputStream.nullOutputStream(), System.err, args.toArray(String[]::new));
    assertEquals(0, rc, "javac compiled " + sources.keySet());
    return out;
  }

  /** The bodies whose fingerprint differs between the original sources and the changed ones. */
  private Set<String> changedBySources(String job, String lib) throws Exception {
    Map<String, String> before = fingerprints(JOB, LIB);
    Map<String, String> after = fingerprints(job, lib);
    return new java.util.TreeSet<>(BODIES.stream().filter(b -> !before.get(b).equals(after.get(b))).toList());
  }

  private Set<String> changedBy(String from, String to) throws Exception {
    assertTrue(JOB.contains(from), from);
    return changedBySources(JOB.replace(from, to), LIB);
  }

  @Test
  void everyBodyHasItsOwnFingerprintAndARebuildChangesNone() throws Exception {
    Map<String, String> once = fingerprints(JOB, LIB);
    assertEquals(BODIES.size(), Set.copyOf(once.values()).size(), "bodies in one class differ: " + once);
    once.values().forEach(f -> assertTrue(f.startsWith("bytecode:sha256:"), f));
    assertEquals(once, fingerprints(JOB, LIB));
  }

  @Test
  void codeNoBodyCanReachChangesNothing() throws Exception {
    assertEquals(Set.of(), changedBy("class Unreached { void x() { } }", "class Unreached { void x() { x(); } }"));
  }

  @Test
  void movingCodeDownALineChangesNothing() throws Exception {
    assertEquals(Set.of(), changedBy("package job;\n", "package job;\n\n\n// moved down three lines\n"));
  }

  @Test
  void aChangedMethodMissesExactlyTheBodiesThatReachIt() throws Exception {
    assertEquals(Set.of("second"), changedBy("static void run() { }", "static void run() { work(); } "
        + "static void work() { }"));
    assertEquals(Set.of("first", "scaled", "nested", "anonymous"),
        changedBy("static void work(String s) { new Box(s).open(); }",
            "static void work(String s) { new Box(s + \"!\").open(); }"));
  }

  @Test
  void aClassItInstantiatesCounts() throws Exception {
    assertEquals(Set.of("first", "scaled", "nested", "anonymous"),
        changedBy("Box(String s) { this.s = s; }", "Box(String s) { this.s = s.trim(); }"));
  }

  @Test
  void aConstantItReadsCountsEvenInlined() throws Exception {
    assertEquals(Set.of("first"), changedBy("GREETING = \"hello\"", "GREETING = \"bonjour\""));
    assertEquals(Set.of("scaled"), changedBy("Integer.getInteger(\"job.scale\", 3)",
        "Integer.getInteger(\"job.scale\", 4)"));
  }

  @Test
  void aLambdaInsideTheBodyCounts() throws Exception {
    assertEquals(Set.of("nested"), changedBy("Helper.work(\"n\" + i)", "Helper.work(\"m\" + i)"));
  }

  @Test
  void theImplementationABodyCapturedCounts() throws Exception {
    assertEquals(Set.of("capturing"), changedBy("class LinearModel implements Model { public void fit() { } }",
        "class LinearModel implements Model { public void fit() { System.gc(); } }"));
  }

  @Test
  void anInterfaceDefaultMethodCounts() throws Exception {
    assertEquals(Set.of("viaDefault"), changedBy("return \"hi\";", "return \"hello\";"));
  }

  @Test
  void aLibraryJarItCallsCountsByItsDigest() throws Exception {
    assertEquals(Set.of("library"), changedBySources(JOB, LIB.replace("call() { }", "call() { System.gc(); }")));
  }

  /** The job compiled without the library, and its {@code first} body. */
  private Object firstBody() throws Exception {
    Path classes = compile(dir.resolve("m"), Map.of("job/Job.java", JOB.replace("lib.Lib.call()", "Other.run()")),
        null);
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    return loader.loadClass("job.Job").getMethod("first").invoke(null);
  }

  @Test
  void theManifestNamesWhatWasReached() throws Exception {
    String manifest = new CodeFingerprint(new ArtifactStore(null, HashCache.inMemory()))
        .manifest(new CodeScope(CodeScope.rootsOf(firstBody()), Set.of(), Set.of(), Set.of()));
    List<String> parts = manifest.lines().skip(1).map(l -> {
      int colon = l.indexOf(':');
      return l.substring(colon + 1, colon + 1 + Integer.parseInt(l.substring(0, colon)));
    }).toList();
    assertEquals("lineage-step-code/1", manifest.lines().findFirst().orElseThrow());
    // javac names a serializable lambda's method with a hash of the lambda: the part names it as it is
    assertEquals(List.of("class job/Box", "class job/Helper", "jdk",
        "method job/Job.lambda$first$HASH$1(Ldev/lineage/step/StepContext;)V"),
        parts.stream().map(p -> p.replaceAll("\\$first\\$[0-9a-f]+\\$", "\\$first\\$HASH\\$")).toList(), manifest);
    assertTrue(manifest.contains("3:jdk " + Runtime.version() + " "), manifest);
  }

  @Test
  void widenedByPackageAndJarAndFile() throws Exception {
    CodeFingerprint fingerprint = new CodeFingerprint(new ArtifactStore(null, HashCache.inMemory()));
    Object body = firstBody();
    List<CodeScope.Root> roots = CodeScope.rootsOf(body);
    String plain = fingerprint.of(null, new CodeScope(roots, Set.of(), Set.of(), Set.of()));
    Class<?> unreached = body.getClass().getClassLoader().loadClass("job.Unreached");
    String withPackage = fingerprint.of(null, new CodeScope(roots, Set.of(unreached), Set.of(), Set.of()));
    String withJar = fingerprint.of(null, new CodeScope(roots, Set.of(), Set.of(Test.class), Set.of()));
    Path script = Files.writeString(dir.resolve("prepare.py"), "print('v1')");
    String withFile = fingerprint.of(null, new CodeScope(roots, Set.of(), Set.of(), Set.of(script)));
    assertEquals(4, new java.util.HashSet<>(List.of(plain, withPackage, withJar, withFile)).size());
    Files.writeString(script, "print('v2')");
    assertNotEquals(withFile, fingerprint.of(null, new CodeScope(roots, Set.of(), Set.of(), Set.of(script))),
        "a file is hashed every time");
    assertEquals(List.of("job/Box", "job/Greeter", "job/Helper", "job/Impl", "job/Job", "job/Job$1",
        "job/LinearModel", "job/Model", "job/Other", "job/Unreached"), CodeFingerprint.classesInPackageOf(unreached));
  }

  /** The job and a library it calls, {@code org.acme.util}, compiled into one fat jar, as a shaded build makes. */
  private Map<String, String> fatJarFingerprints(String util, String other) throws Exception {
    Path build = dir.resolve("fat-" + builds++);
    Path classes = compile(build.resolve("classes"), Map.of(
        "job/Fat.java", """
            package job;
            import dev.lineage.step.StepBody;
            public class Fat {
              public static StepBody<RuntimeException> body() { return ctx -> org.acme.util.Strings.trim(" x "); }
            }
            """,
        "org/acme/util/Strings.java", util,
        "org/acme/other/Unused.java", other), null);
    Path jar = build.resolve("fat.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        JarEntry entry = new JarEntry(classes.relativize(f).toString());
        entry.setTime(0);
        out.putNextEntry(entry);
        out.write(Files.readAllBytes(f));
      }
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
    Object body = loader.loadClass("job.Fat").getMethod("body").invoke(null);
    CodeScope scope = new CodeScope(CodeScope.rootsOf(body), Set.of(), Set.of(), Set.of());
    CodeFingerprint fingerprint = new CodeFingerprint(new ArtifactStore(null, HashCache.inMemory()));
    return Map.of("fingerprint", fingerprint.of(null, scope), "manifest", fingerprint.manifest(scope));
  }

  @Test
  void aLibraryBundledInTheFatJarIsOnePartAndAnyChangeUnderItsPackageCounts() throws Exception {
    String util = "package org.acme.util; public class Strings { public static String trim(String s) "
        + "{ return s.trim(); } }";
    String other = "package org.acme.other; public class Unused { }";
    Map<String, String> base = fatJarFingerprints(util, other);
    assertTrue(base.get("manifest").contains("22:bundled org/acme/util/ sha256:"), base.get("manifest"));
    assertEquals(base.get("fingerprint"), fatJarFingerprints(util, other).get("fingerprint"), "rebuilt the same");
    assertNotEquals(base.get("fingerprint"), fatJarFingerprints(util.replace("s.trim()", "s.strip()"), other)
        .get("fingerprint"), "the library the body calls changed");
    assertEquals(base.get("fingerprint"), fatJarFingerprints(util, other.replace("{ }", "{ int x; }"))
        .get("fingerprint"), "another bundled package the body never reaches");
  }

  @Test
  void aPinnedVersionReplacesTheDigest() {
    CodeFingerprint fingerprint = new CodeFingerprint(new ArtifactStore(null, HashCache.inMemory()));
    assertEquals("pinned:2024-06", fingerprint.of("2024-06", new CodeScope(List.of(), Set.of(), Set.of(), Set.of())));
  }

  @Test
  void aJarOrPackageWithNoLocationIsRefusedNamingTheField() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> CodeFingerprint.location(String.class));
    assertEquals("step code", e.field());
  }
}
