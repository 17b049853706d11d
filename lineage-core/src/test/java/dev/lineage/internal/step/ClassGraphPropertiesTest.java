package dev.lineage.internal.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.internal.artifact.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The fingerprint over generated class graphs: classes {@code g/C0..Cn}, each with methods {@code m} and
 * {@code other} that call chosen classes' {@code m} (so cycles, self-loops and unreachable islands all occur),
 * and the step's body being {@code C0.m}. One class's constant is changed; the fingerprint must change exactly
 * when that code can run: the changed method is {@code C0.m} or reached from it, or its class is reached whole.
 */
class ClassGraphPropertiesTest {

  /** A class graph: for each class, the classes its {@code m} and its {@code other} call. */
  record Graph(List<Set<Integer>> fromM, List<Set<Integer>> fromOther, int changedClass, boolean changedInM) {
    int size() {
      return fromM.size();
    }

    /**
     * Classes reached whole: any class a reached method of another class refers to. The body's method calling
     * its own class's {@code m} is a call within the class, which reaches that method alone.
     */
    Set<Integer> wholeClasses() {
      Set<Integer> whole = new HashSet<>();
      Deque<Integer> queue = new ArrayDeque<>(fromM.get(0));
      queue.removeIf(c -> c == 0);
      while (!queue.isEmpty()) {
        int c = queue.poll();
        if (whole.add(c)) {
          queue.addAll(fromM.get(c));
          queue.addAll(fromOther.get(c));
        }
      }
      return whole;
    }

    boolean changeCanRun() {
      return wholeClasses().contains(changedClass) || (changedClass == 0 && changedInM);
    }
  }

  @Provide
  Arbitrary<Graph> graphs() {
    return Arbitraries.integers().between(1, 7).flatMap(n -> {
      Arbitrary<Set<Integer>> edges = Arbitraries.integers().between(0, n - 1).set().ofMaxSize(3);
      return Combinators.combine(edges.list().ofSize(n), edges.list().ofSize(n),
          Arbitraries.integers().between(0, n - 1), Arbitraries.of(true, false)).as(Graph::new);
    });
  }

  @Property(tries = 200)
  void theFingerprintChangesExactlyWhenTheChangedCodeCanRun(@ForAll("graphs") Graph g) throws IOException {
    Path dir = Files.createTempDirectory("class-graph");
    try {
      String before = fingerprint(write(dir.resolve("a"), g, -1));
      String after = fingerprint(write(dir.resolve("b"), g, g.changedClass()));
      assertEquals(g.changeCanRun(), !before.equals(after), () -> g + " reached whole: " + g.wholeClasses());
    } finally {
      delete(dir);
    }
  }

  @Property(tries = 50)
  void theFingerprintDoesNotDependOnTheOrderClassesAreFound(@ForAll("graphs") Graph g) throws IOException {
    Path dir = Files.createTempDirectory("class-graph");
    try {
      Path classes = write(dir.resolve("a"), g, -1);
      CodeFingerprint fresh = fingerprints();
      assertEquals(fingerprint(classes), fresh.of(null, scope(classes)), "a second fingerprinter agrees");
    } finally {
      delete(dir);
    }
  }

  private static CodeFingerprint fingerprints() {
    return new CodeFingerprint(new ArtifactStore(null, dev.lineage.internal.artifact.HashCache.inMemory()));
  }

  private static String fingerprint(Path classes) throws IOException {
    return fingerprints().of(null, scope(classes));
  }

  private static CodeScope scope(Path classes) throws IOException {
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    try {
      return new CodeScope(List.of(new CodeScope.Root(loader.loadClass("g.C0"), "m()V")), Set.of(), Set.of(),
          Set.of());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the graph's classes; the class {@code changed} (if any) gets another constant in one method. */
  static Path write(Path dir, Graph g, int changed) throws IOException {
    Files.createDirectories(dir.resolve("g"));
    for (int c = 0; c < g.size(); c++) {
      ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
      w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "g/C" + c, null, "java/lang/Object", null);
      method(w, "m", g.fromM().get(c), c == changed && g.changedInM() ? "changed" : "original");
      method(w, "other", g.fromOther().get(c), c == changed && !g.changedInM() ? "changed" : "original");
      w.visitEnd();
      Files.write(dir.resolve("g/C" + c + ".class"), w.toByteArray());
    }
    return dir;
  }

  private static void method(ClassWriter w, String name, Set<Integer> calls, String constant) {
    MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, "()V", null, null);
    m.visitCode();
    m.visitLdcInsn(constant);
    m.visitInsn(Opcodes.POP);
    for (int target : new TreeSet<>(calls)) {
      m.visitMethodInsn(Opcodes.INVOKESTATIC, "g/C" + target, "m", "()V", false);
    }
    m.visitInsn(Opcodes.RETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
