package dev.lineage.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunRecord;
import dev.lineage.StoreProblem;
import dev.lineage.internal.store.ForwardingMemoryBackend;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.query.RunQuery;
import dev.lineage.spi.Payload;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Lineage.runs} with a condition and a small limit decodes only the snapshot tables its conditions and
 * order read, and reads the runs it returns from their own objects; where that cannot answer truly (a damaged
 * table, a returned run whose objects are gone) the whole snapshot answers, as before.
 */
class ColumnSearchTest {
  @TempDir Path dir;
  private final InMemoryBackend objects = new InMemoryBackend(URI.create("mem:/column-search"));
  private final List<String> reads = new CopyOnWriteArrayList<>();
  private final List<StoreProblem> problems = new CopyOnWriteArrayList<>();
  private String trained;

  /** Ten runs with params, tags, metrics and an input, a snapshot of them, and two runs after it. */
  @BeforeEach
  void store() throws Exception {
    Path data = Files.writeString(dir.resolve("data.csv"), "x\n1\n");
    try (Lineage lineage = open()) {
      for (int i = 0; i < 10; i++) {
        try (Run run = lineage.newRun(i % 2 == 0 ? "train" : "evaluate")) {
          run.logParam("lr", 0.01 * (i % 3)).setTag("fold", Integer.toString(i % 2)).logMetric("auc", i / 10.0, 0);
          run.use(data, "data");
          if (i == 8) {
            trained = run.id().value();
          }
        }
      }
      assertTrue(lineage.publishIndex().isPresent());
      lineage.run("train", r -> r.logParam("lr", 0.02));
      lineage.run("evaluate", r -> r.logParam("lr", 0.0));
    }
    reads.clear();
  }

  private Lineage open() {
    ForwardingMemoryBackend recording = new ForwardingMemoryBackend(objects) {
      @Override
      public Optional<InputStream> get(String key) {
        reads.add(key);
        return super.get(key);
      }
    };
    return Lineage.builder().backend(recording).tempDir(dir).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).systemMetrics(false).autoIndex(0).problemListener(problems::add).build();
  }

  /** The snapshot tables read since the last look, by table name. */
  private Set<String> tablesRead() {
    Set<String> tables = reads.stream().filter(k -> k.endsWith(".parquet"))
        .map(k -> k.substring(k.lastIndexOf('-') + 1, k.length() - ".parquet".length()))
        .collect(Collectors.toCollection(TreeSet::new));
    reads.clear();
    return tables;
  }

  private List<RunRecord> wholeSnapshotAnswer(RunQuery query) {
    try (Lineage lineage = open()) {
      return lineage.graph().search(query);
    }
  }

  @Test
  void aFilteredListingDecodesOnlyTheTablesItReads() {
    RunQuery byName = RunQuery.all().name("train").limit(3);
    RunQuery byParamSortedByMetric = RunQuery.all().param("lr", v -> v.asDouble() > 0).orderByFinalMetric("auc", true)
        .limit(4);
    RunQuery byTag = RunQuery.all().tag("fold", "1").status(dev.lineage.RunStatus.SUCCEEDED).limit(20);
    try (Lineage lineage = open()) {
      List<RunRecord> names = lineage.runs(byName);
      assertEquals(Set.of("runs"), tablesRead());
      assertEquals(List.of("train", "train", "train"), names.stream().map(RunRecord::name).toList());
      assertEquals(trained, names.get(1).id().value(), "the newest indexed training run, after the one since");

      List<RunRecord> params = lineage.runs(byParamSortedByMetric);
      assertEquals(Set.of("metrics", "params", "runs"), tablesRead());
      List<RunRecord> tags = lineage.runs(byTag);
      assertEquals(Set.of("runs", "tags"), tablesRead());

      assertEquals(names, lineage.runs(byName));
      assertEquals(Set.of(), tablesRead(), "the columns read are kept for the next search");

      assertEquals(wholeSnapshotAnswer(byName), names);
      assertEquals(wholeSnapshotAnswer(byParamSortedByMetric), params);
      assertEquals(wholeSnapshotAnswer(byTag), tags);
      assertTrue(problems.isEmpty(), problems.toString());
    }
  }

  @Test
  void onceTheWholeSnapshotIsLoadedItAnswers() {
    try (Lineage lineage = open()) {
      lineage.graph();
      tablesRead();
      List<RunRecord> answer = lineage.runs(RunQuery.all().name("evaluate").limit(2));
      assertEquals(Set.of(), tablesRead());
      assertEquals(wholeSnapshotAnswer(RunQuery.all().name("evaluate").limit(2)), answer);
    }
  }

  @Test
  void aDamagedTableTheSearchReadsIsReportedAndTheRunsStillAnswer() {
    RunQuery byName = RunQuery.all().name("train").limit(10);
    List<RunRecord> expected = wholeSnapshotAnswer(byName);
    String runsTable = objects.listAll("index/").stream().map(o -> o.key()).filter(k -> k.endsWith("-runs.parquet"))
        .findFirst().orElseThrow();
    objects.delete(runsTable);
    objects.putIfAbsent(runsTable, Payload.of("not parquet".getBytes(StandardCharsets.UTF_8)));
    try (Lineage lineage = open()) {
      assertEquals(expected, lineage.runs(byName), "the index is derived: its runs are read from their objects");
      assertTrue(problems.stream().anyMatch(p -> p.key().equals(runsTable) && p.kind() == StoreProblem.Kind.CORRUPT),
          "the damaged table is reported by name: " + problems);
    }
  }

  @Test
  void aReturnedRunWhoseObjectsAreGoneIsAnsweredAsIndexed() {
    RunQuery byName = RunQuery.all().name("train").limit(10);
    List<RunRecord> expected = wholeSnapshotAnswer(byName);
    for (var object : objects.listAll("")) {
      if (object.key().contains(trained)) {
        objects.delete(object.key());
      }
    }
    try (Lineage lineage = open()) {
      List<RunRecord> answer = lineage.runs(byName);
      assertEquals(expected, answer);
      assertTrue(answer.stream().anyMatch(r -> r.id().value().equals(trained)), "held by the snapshot as indexed");
      assertFalse(tablesRead().isEmpty());
    }
  }
}
