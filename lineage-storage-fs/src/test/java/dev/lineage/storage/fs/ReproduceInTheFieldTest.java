package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.ReproduceRequest;
import dev.lineage.Rerun;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.Workspace;
import dev.lineage.query.RunQuery;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's program, compiled here, run in its own JVM from a dirty git tree, then changed, rebuilt and its input
 * deleted: the workspace {@code reproduce} builds still starts the first code on the first input, and the rerun's
 * output is the same bytes. Every piece that cannot be had is an error naming it, with no workspace left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproduceInTheFieldTest {
  @TempDir static Path dir;
  /** New on every run: the test classes are stored as the program's code, and a secret must be in none of them. */
  private static final String SECRET = "pw-" + java.util.UUID.randomUUID();
  private Path project;
  private Path store;
  private Path otherRepository;
  private String classpath;
  private RunRecord first;
  private RunRecord random;
  private RunRecord jitter;
  private String firstModel;

  private static final String PROGRAM = """
      import dev.lineage.Lineage;
      import java.nio.file.Files;
      import java.nio.file.Path;

      public class Train {
        static final long VERSION = %d;

        public static void main(String[] args) throws Exception {
          try (Lineage lineage = Lineage.builder().store(args[0]).systemMetrics(false).build()) {
            lineage.run("train", run -> {
              String mode = args[1];
              long factor = 3;
              if (!args[3].equals(System.getenv("EXPECTED_SECRET"))) {
                throw new IllegalStateException("the secret did not arrive: " + args[3]);
              }
              Path in = Path.of("data/train.csv");
              run.use(in, "train-data");
              run.logParam("factor", factor);
              long sum = 0;
              for (String line : Files.readAllLines(in)) {
                sum += Long.parseLong(line.trim()) * factor * VERSION;
              }
              for (int step = 0; step < 3; step++) {
                run.logMetric("sum", sum * (step + 1), step);
              }
              if (mode.equals("jitter")) { // a timing: the outputs stay the same, this metric never does
                run.logMetric("wall", System.nanoTime() %% 100_000, 0);
              }
              Path out = Files.createDirectories(Path.of("out")).resolve("model.txt");
              // A time-seeded program: nothing it writes comes out the same twice.
              Files.writeString(out, "model " + sum + (mode.equals("random") ? " " + System.nanoTime() : "") + "\\n");
              run.produce(out, "model");
              return null;
            });
          }
        }
      }
      """;

  @BeforeAll
  void aRunFromADirtyTree() throws Exception {
    project = Files.createDirectories(dir.resolve("churn"));
    store = dir.resolve("store");
    git(project, "init", "-q");
    Files.writeString(project.resolve("Train.java"), PROGRAM.formatted(1));
    Files.createDirectories(project.resolve("data"));
    Files.writeString(project.resolve("data/train.csv"), "1\n2\n3\n");
    git(project, "add", "Train.java");
    git(project, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "first");
    // The run's code is not what was committed: a change made before it started, never committed.
    Files.writeString(project.resolve("Train.java"), PROGRAM.formatted(1) + "// dirty\n");
    compile(project);
    // A released library from a repository other than the local one: fetched from there again, by coordinates.
    otherRepository = dir.resolve("nexus");
    Path widgets = TestFiles.jar(otherRepository.resolve("org/acme/widgets/1.2/widgets-1.2.jar"),
        Map.of("org/acme/W", "w"));
    Files.writeString(widgets.resolveSibling("widgets-1.2.pom"), "<project><groupId>org.acme</groupId></project>");
    classpath = String.join(File.pathSeparator, "target/classes", widgets.toString(),
        System.getProperty("java.class.path"));
    start(project, Map.of("EXPECTED_SECRET", SECRET), List.of("-Dseed=7", "-cp", classpath, "Train",
        store.toString(), "steady", "--password", SECRET));
    firstModel = Files.readString(project.resolve("out/model.txt"));
    for (String mode : List.of("random", "jitter")) {
      start(project, Map.of("EXPECTED_SECRET", SECRET), List.of("-cp", classpath, "Train", store.toString(),
          mode, "--password", SECRET));
    }
    try (Lineage lineage = open()) {
      List<RunRecord> runs = lineage.runs(RunQuery.all().name("train"));
      jitter = runs.get(0);
      random = runs.get(1);
      first = runs.get(2);
    }
    assertEquals(RunStatus.SUCCEEDED, first.status(), first.failure().orElse(""));
    assertEquals("model 18\n", firstModel);

    // Then the code changes and is rebuilt, the change is committed, and the input is gone from its folder.
    Files.writeString(project.resolve("Train.java"), PROGRAM.formatted(2));
    compile(project);
    git(project, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-am", "second");
    Files.delete(project.resolve("data/train.csv"));
    deleteTree(project.resolve("out"));
  }

  private Lineage open() {
    return Lineage.builder().store(store.toString()).systemMetrics(false).recordCode(false).build();
  }

  @Test
  void theWorkspaceStartsTheFirstCodeOnTheFirstInputAndTheRerunOutputsTheSameBytes() throws Exception {
    Workspace w;
    try (Lineage lineage = open()) {
      w = lineage.reproduce(ReproduceRequest.builder(first.id(), dir.resolve("repro"))
          .repositories(List.of(otherRepository.toUri())).source(project).build());
    }
    assertEquals(Map.of("LINEAGE_SECRET_1", "the value after --password"), w.secrets());
    Path input = w.inputs().values().iterator().next();
    assertEquals(w.workingDirectory().resolve("data/train.csv"), input);
    assertEquals("1\n2\n3\n", Files.readString(input), "the deleted input, restored by digest");
    assertTrue(Files.readString(w.source().orElseThrow().resolve("Train.java")).endsWith("// dirty\n"),
        "the source at its commit, with the uncommitted change the run had");
    assertFalse(Files.readString(w.script()).contains(SECRET), "the secret was never recorded");
    try (Stream<Path> files = Files.walk(store)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(SECRET),
            "the secret reached the store in " + store.relativize(f));
      }
    }

    // Without the secret the script says what to set; with it, the first code runs on the first input.
    Process refused = new ProcessBuilder("sh", w.script().toString()).redirectErrorStream(true).start();
    String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(refused.waitFor(1, TimeUnit.MINUTES));
    assertNotEquals(0, refused.exitValue());
    assertTrue(said.contains("LINEAGE_SECRET_1"), said);
    ProcessBuilder rerun = new ProcessBuilder("sh", w.script().toString()).redirectErrorStream(true);
    rerun.environment().putAll(Map.of("LINEAGE_SECRET_1", SECRET, "EXPECTED_SECRET", SECRET));
    Process p = rerun.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    assertEquals(firstModel, Files.readString(w.workingDirectory().resolve("out/model.txt")),
        "the first code's output, though the project now builds another");
    try (Lineage lineage = open()) {
      List<RunRecord> runs = lineage.runs(RunQuery.all().name("train"));
      RunRecord again = runs.get(0);
      assertEquals(java.util.Optional.of(first.id()), again.reproduces(), "the rerun says which run it reproduces");
      assertEquals(RunStatus.SUCCEEDED, again.status(), again.failure().orElse(""));
      assertEquals(first.outputs().get(0).digest(), again.outputs().get(0).digest());
      assertEquals(first.inputs().get(0).digest(), again.inputs().get(0).digest());
      assertEquals(first.fingerprint().classpath().isPresent(), again.fingerprint().classpath().isPresent());
      List<Path> cp = lineage.classpath(again.id()).stream().map(e -> Path.of(e.path())).toList();
      assertTrue(cp.stream().allMatch(e -> e.startsWith(w.directory()) || e.isAbsolute()), cp.toString());
      assertEquals(lineage.classpath(first.id()).stream().map(e -> e.content().map(Artifact::digest)).toList(),
          lineage.classpath(again.id()).stream().map(e -> e.content().map(Artifact::digest)).toList(),
          "the same class path, entry for entry, by content");
      assertEquals(lineage.classpath(first.id()).stream().map(e -> e.coordinates()).toList(),
          lineage.classpath(again.id()).stream().map(e -> e.coordinates()).toList(),
          "the libraries are libraries again: the workspace keeps them in a repository's layout");
    }
  }

  @Test
  void aLibraryNoRepositoryHoldsIsNamedAndNoWorkspaceIsLeft() throws Exception {
    Path into = dir.resolve("no-library");
    try (Lineage lineage = open()) {
      NotFoundException e = assertThrows(NotFoundException.class, () -> lineage.reproduce(
          ReproduceRequest.builder(first.id(), into).repositories(List.of()).build()));
      assertTrue(e.getMessage().contains("org.acme:widgets:1.2"), e.getMessage());
      // A repository with other bytes under the same coordinates is passed over, not trusted.
      Path impostor = dir.resolve("impostor");
      TestFiles.jar(impostor.resolve("org/acme/widgets/1.2/widgets-1.2.jar"), Map.of("org/acme/W", "not w"));
      e = assertThrows(NotFoundException.class, () -> lineage.reproduce(
          ReproduceRequest.builder(first.id(), into).repositories(List.of(impostor.toUri())).build()));
      assertTrue(e.getMessage().contains(impostor.resolve("org/acme/widgets/1.2").toString()), e.getMessage());
    }
    assertFalse(Files.exists(into));
    assertNoPartialLeft();
  }

  @Test
  void aCommitTheCloneLacksIsNamed() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other-clone"));
    git(other, "init", "-q");
    Files.writeString(other.resolve("x"), "x");
    git(other, "add", "x");
    git(other, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "unrelated");
    try (Lineage lineage = open()) {
      NotFoundException e = assertThrows(NotFoundException.class, () -> lineage.reproduce(ReproduceRequest
          .builder(first.id(), dir.resolve("no-commit")).repositories(List.of(otherRepository.toUri()))
          .source(other).build()));
      assertTrue(e.getMessage().contains(first.fingerprint().gitCommit().orElseThrow()), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("no-commit")));
    assertNoPartialLeft();
  }

  @Test
  void anInputGoneFromTheStoreIsNamed() throws Exception {
    Path copy = dir.resolve("store-copy");
    TestFiles.copyTree(store, copy);
    Artifact input = first.inputs().get(0);
    Files.delete(copy.resolve("blobs/sha256").resolve(input.digest().hex().substring(0, 2))
        .resolve(input.digest().hex()));
    try (Lineage lineage = Lineage.builder().store(copy.toString()).systemMetrics(false).recordCode(false)
        .build()) {
      NotFoundException e = assertThrows(NotFoundException.class, () -> lineage.reproduce(ReproduceRequest
          .builder(first.id(), dir.resolve("no-input")).repositories(List.of(otherRepository.toUri())).build()));
      assertTrue(e.getMessage().contains("train-data") && e.getMessage().contains(input.digest().toString()),
          e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("no-input")));
  }

  @Test
  void aWorkspaceIsNeverBuiltOverAnything() throws Exception {
    Path busy = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(busy.resolve("notes.txt"), "mine");
    try (Lineage lineage = open()) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> lineage.reproduce(
          ReproduceRequest.builder(first.id(), busy).build()));
      assertTrue(e.getMessage().contains("into") && e.getMessage().contains("not empty"), e.getMessage());
    }
    assertEquals("mine", Files.readString(busy.resolve("notes.txt")));
  }

  private ReproduceRequest rerunOf(RunRecord run, String into) {
    return ReproduceRequest.builder(run.id(), dir.resolve(into)).repositories(List.of(otherRepository.toUri()))
        .environment(Map.of("LINEAGE_SECRET_1", SECRET, "EXPECTED_SECRET", SECRET)).build();
  }

  @Test
  void aRerunOfTheFirstCodeIsIdentical() throws Exception {
    try (Lineage lineage = open()) {
      Rerun r = lineage.rerun(rerunOf(first, "rerun-steady"));
      assertEquals(Rerun.Verdict.IDENTICAL, r.verdict(), r + "\n" + Files.readString(r.log()));
      assertEquals(RunStatus.SUCCEEDED, r.status());
      assertEquals(java.util.Optional.of(first.id()), lineage.runRecord(r.rerun()).reproduces());
      assertEquals(List.of(), r.outputs());
      assertEquals(List.of(), r.metrics());
    }
  }

  @Test
  void aTimeSeededProgramGetsDifferentOutputsWithTheOutputNamed() throws Exception {
    try (Lineage lineage = open()) {
      Rerun r = lineage.rerun(rerunOf(random, "rerun-random"));
      assertEquals(Rerun.Verdict.DIFFERENT_OUTPUTS, r.verdict(), r.toString());
      assertEquals(1, r.outputs().size(), r.outputs().toString());
      assertTrue(r.outputs().get(0).startsWith("model: " + random.outputs().get(0).digest() + " -> sha256:"),
          r.outputs().toString());
    }
  }

  @Test
  void aTimingMetricGivesTheSameOutputsAndDifferentMetrics() throws Exception {
    try (Lineage lineage = open()) {
      Rerun r = lineage.rerun(rerunOf(jitter, "rerun-jitter"));
      assertEquals(Rerun.Verdict.SAME_OUTPUTS_DIFFERENT_METRICS, r.verdict(), r.toString());
      assertEquals(List.of("wall"), r.metrics().stream().map(Rerun.MetricDifference::key).toList());
      assertEquals(java.util.OptionalLong.of(0), r.metrics().get(0).firstStep());
    }
  }

  private void assertNoPartialLeft() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> partial = s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".partial-")).toList();
      assertEquals(List.of(), partial);
    }
  }

  private static void compile(Path project) throws IOException {
    Path classes = Files.createDirectories(project.resolve("target/classes"));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp",
        System.getProperty("java.class.path"), project.resolve("Train.java").toString());
    assertEquals(0, rc, "javac");
  }

  private void start(Path work, Map<String, String> env, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:TieredStopAtLevel=1"));
    command.addAll(args);
    Path log = Files.createTempFile(dir, "train", ".log");
    ProcessBuilder b = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().putAll(env);
    Process p = b.start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the program finished");
    assertEquals(0, p.exitValue(), Files.readString(log));
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ": " + out);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
