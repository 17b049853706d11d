package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunRecord;
import dev.lineage.query.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB queries the index snapshot's Parquet tables and gets the same answers as the Java query API. */
class DuckDbReadsIndexTest {
  @TempDir Path dir;

  @Test
  void duckDbAndTheJavaApiAgree() throws Exception {
    Path store = dir.resolve("store");
    Path data = Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n");
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("c")).workDir(dir.resolve("w"))
        .tempDir(dir).build()) {
      for (int i = 0; i < 30; i++) {
        try (Run run = lineage.newRun(i % 3 == 0 ? "evaluate" : "train")) {
          run.logParam("lr", 0.001 * (i + 1));
          run.logParam("optimizer", i % 2 == 0 ? "adam" : "sgd");
          run.use(data, "data");
          run.logMetric("accuracy", 0.5 + i * 0.01, 0);
          run.logMetric("accuracy", 0.6 + i * 0.01, 1);
        }
      }
      lineage.publishIndex().orElseThrow();
      Set<String> javaAnswer = new TreeSet<>();
      for (RunRecord r : lineage.graph().search(RunQuery.all().name("train")
          .param("optimizer", v -> v.asString().equals("adam")).finalMetric("accuracy", a -> a > 0.75))) {
        javaAnswer.add(r.id().toString());
      }

      String index = store.toAbsolutePath() + "/index/v2/*/";
      Set<String> duckAnswer = new TreeSet<>();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT r.run_id FROM read_parquet('" + index + "*-runs.parquet') r"
              + " JOIN read_parquet('" + index + "*-params.parquet') p ON p.run_id = r.run_id"
              + " JOIN read_parquet('" + index + "*-metrics.parquet') m ON m.run_id = r.run_id"
              + " WHERE r.name = 'train' AND p.key = 'optimizer' AND p.value = 'adam'"
              + " AND m.key = 'accuracy' AND m.last_value > 0.75")) {
        while (rs.next()) {
          duckAnswer.add(rs.getString(1));
        }
      }
      assertEquals(javaAnswer, duckAnswer);
      assertEquals(5, javaAnswer.size(), "train runs (i % 3 != 0) with adam (even i) and final accuracy > 0.75 (i >= 16)");

      List<String> consumers = new ArrayList<>();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT run_id FROM read_parquet('" + index + "*-artifacts.parquet')"
              + " WHERE direction = 'USED' AND name = 'data' ORDER BY run_id")) {
        while (rs.next()) {
          consumers.add(rs.getString(1));
        }
      }
      RunRecord any = lineage.graph().search(RunQuery.all().limit(1)).get(0);
      assertEquals(lineage.graph().consumers(any.inputs().get(0).digest()).stream().map(Object::toString).toList(),
          consumers);
    }
  }
}
