package dev.lineage.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.registry.AliasMoveRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands run in this JVM, beside the process tests (the `*IT` classes that go through the launcher): the exit
 * status and the one line a user reads, in milliseconds rather than a JVM start each.
 */
class InProcessCommandsTest {
  @TempDir static Path dir;
  static String store;

  @BeforeAll
  static void write() throws Exception {
    store = dir.resolve("store").toString();
    try (Lineage lineage = Lineage.builder().store(store).cacheDir(dir.resolve("cache")).workDir(dir.resolve("w"))
        .tempDir(dir).systemMetrics(false).build()) {
      try (Run run = lineage.newRun("train")) {
        run.logParam("lr", 0.01);
        run.logMetric("accuracy", 0.93);
        run.produce(Files.writeString(dir.resolve("model.bin"), "weights"), "model");
        run.succeed();
      }
      // A Spark job's table: known by its listing (not its files' content), at its location.
      Path table = Files.createDirectories(dir.resolve("churned.parquet"));
      Files.writeString(table.resolve("part-00000.parquet"), "rows");
      try (Run spark = lineage.newRun("spark-etl")) {
        spark.produce(java.net.URI.create("file:" + table), "dataset:file:" + table,
            new java.io.ByteArrayInputStream("lineage-dataset-listing/1\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        spark.succeed();
      }
      var model = lineage.runs(dev.lineage.query.RunQuery.all()).get(0).outputs().get(0);
      lineage.registry().register("churn", model);
      lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(1)
          .reason("first").build());
    }
  }

  private static InProcess.Result lineage(String... args) {
    return InProcess.run(Map.of(), args);
  }

  @Test
  void aSearchAnswersWithStatusZero() {
    InProcess.Result r = lineage("runs", "--store", store, "--param", "lr=0.01", "--metric", "accuracy>0.9");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("train") && r.out().contains("0.93"), r.out());
  }

  @Test
  void aTableASparkJobWroteIsFoundByItsPath() {
    InProcess.Result r = lineage("used", "--store", store, dir.resolve("churned.parquet").toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("made by") && r.out().contains("spark-etl"), r.out());
    InProcess.Result up = lineage("downstream", "--store", store, r.out().substring(0, r.out().indexOf(' ')));
    assertTrue(up.out().contains("(dataset)"), "a table, not a file of its listing's size: " + up.out());
  }

  @Test
  void whatIsNotThereIsOneAndAMisuseIsTwoEachWithOneLine() {
    InProcess.Result noVersion = lineage("promote", "--store", store, "churn", "production", "9", "--expect", "1",
        "--reason", "why");
    assertEquals(ExitCode.NOT_FOUND_OR_CONFLICT, noVersion.code(), noVersion.toString());
    assertTrue(noVersion.err().startsWith("lineage: ") && noVersion.err().strip().lines().count() == 1,
        noVersion.err());
    InProcess.Result relative = lineage("runs", "--store", "file:relative/store");
    assertEquals(ExitCode.USAGE, relative.code(), relative.toString());
    assertTrue(relative.err().contains("file:/path/to/store"), relative.err());
    InProcess.Result noRun = lineage("show", "--store", store, "01ARZ3NDEKTSV4RRFFQ69G5FAV");
    assertEquals(ExitCode.NOT_FOUND_OR_CONFLICT, noRun.code(), noRun.toString());
  }
}
