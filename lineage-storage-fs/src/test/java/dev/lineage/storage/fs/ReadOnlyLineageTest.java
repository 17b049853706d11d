package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.CorruptObjectException;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.Run;
import dev.lineage.RunHandle;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.maintenance.GcOptions;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.AliasMoveRequest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A store opened read-only: no thread, no write of any kind, every writing call refused with a typed error. */
class ReadOnlyLineageTest {
  @TempDir Path dir;
  Path store;
  RunId trained;
  Artifact model;

  @BeforeEach
  void write() throws IOException {
    store = dir.resolve("store");
    Path data = Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n");
    Path weights = Files.writeString(dir.resolve("model.bin"), "weights");
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("cache"))
        .systemMetrics(false).build()) {
      trained = lineage.run("train", run -> {
        run.use(data, "data");
        run.logParam("lr", 0.01);
        run.logMetric("accuracy", 0.93);
        return run.id();
      });
      model = lineage.run("package", run -> run.produce(weights, "model"));
      lineage.registry().register("churn", model);
    }
  }

  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        out.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  @Test
  void openingReadOnlyAndReadingARunStartsNoThread() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Set<Long> alive = Arrays.stream(threads.getAllThreadIds()).boxed().collect(Collectors.toSet());
    long started = threads.getTotalStartedThreadCount();
    RunRecord record;
    try (Lineage lineage = Lineage.openReadOnly(store.toString())) {
      record = lineage.runRecord(trained);
      assertEquals(started, threads.getTotalStartedThreadCount(), () -> "threads started: " + Arrays.stream(
          threads.getThreadInfo(threads.getAllThreadIds())).filter(t -> t != null && !alive.contains(t.getThreadId()))
          .map(t -> t.getThreadName()).toList());
    }
    assertEquals(RunStatus.SUCCEEDED, record.status());
    assertEquals(0.01, record.params().get("lr").asDouble());
  }

  @Test
  void everyWriteIsRefusedWithATypedErrorAndTheStoreIsLeftAsItWas() throws IOException {
    Map<String, String> before = files(store);
    Path data = Files.writeString(dir.resolve("more.csv"), "c\n");
    try (Lineage lineage = Lineage.openReadOnly(store.toString())) {
      assertTrue(lineage.readOnly());
      List<Executable> writes = List.of(
          () -> lineage.newRun("x"),
          () -> lineage.run("x", run -> null),
          () -> lineage.step("featurize").input("raw", data),
          () -> lineage.attach(new RunHandle(lineage.store(), trained)),
          lineage::publishIndex,
          () -> lineage.registry().register("churn", model),
          () -> lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(1)
              .reason("why").build()),
          () -> lineage.maintenance().gc(GcOptions.deleting()),
          () -> lineage.stepCache().invalidate("featurize"));
      for (Executable write : writes) {
        InvalidInputException refused = assertThrows(InvalidInputException.class, write);
        assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
      }
      assertEquals(List.of(trained), lineage.runs(RunQuery.all().name("train")).stream().map(RunRecord::id)
          .toList(), "reading still answers");
      assertEquals(2, lineage.graph().runCount());
      assertTrue(lineage.maintenance().verify().ok());
    }
    assertEquals(before, files(store));
  }

  @Test
  void aDamagedBlobIsReportedButNotMovedToQuarantine() throws IOException {
    Path blob;
    try (Stream<Path> all = Files.walk(store.resolve("blobs"))) {
      blob = all.filter(Files::isRegularFile).filter(p -> {
        try {
          return Files.readString(p).equals("weights");
        } catch (IOException e) {
          return false;
        }
      }).findFirst().orElseThrow();
    }
    Files.writeString(blob, "WEIGHTS");
    Map<String, String> before = files(store);
    try (Lineage lineage = Lineage.openReadOnly(store.toString()); InputStream in = lineage.openArtifact(model)) {
      assertThrows(CorruptObjectException.class, in::readAllBytes);
    }
    assertEquals(before, files(store), "nothing moved, nothing written");
  }

  @Test
  void aLocationWithoutAStoreIsNotFoundAndStaysEmpty() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThrows(NotFoundException.class, () -> Lineage.openReadOnly(empty.toString()));
    try (Stream<Path> in = Files.list(empty)) {
      assertEquals(0, in.count());
    }
  }

  @Test
  void optionsThatWouldWriteConflictWithReadOnlyAtTheSetter() {
    InvalidInputException create = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().readOnly(true).createStore(true));
    assertTrue(create.getMessage().contains("createStore"), create.getMessage());
    InvalidInputException index = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().autoIndex(5).readOnly(true));
    assertTrue(index.getMessage().contains("readOnly") && index.getMessage().contains("autoIndex"),
        index.getMessage());
    InvalidInputException sampler = assertThrows(InvalidInputException.class,
        () -> Lineage.builder().systemMetrics(true).readOnly(true));
    assertTrue(sampler.getMessage().contains("systemMetrics"), sampler.getMessage());
    try (Lineage ok = Lineage.builder().store(store.toString()).readOnly(true).createStore(false).build()) {
      assertFalse(ok.runs(RunQuery.all()).isEmpty());
    }
  }

  @Test
  void aRunStillOpenReadsAsRunningFromAReadOnlyLineage() {
    try (Lineage writer = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("cache"))
        .systemMetrics(false).build(); Run open = writer.newRun("open")) {
      try (Lineage reader = Lineage.openReadOnly(store.toString())) {
        assertEquals(RunStatus.RUNNING, reader.runRecord(open.id()).status());
      }
      open.succeed();
    }
  }
}
