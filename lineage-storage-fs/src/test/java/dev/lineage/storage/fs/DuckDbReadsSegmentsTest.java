package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real analytics engine reads the store's metric segments and finds exactly what was logged. */
class DuckDbReadsSegmentsTest {
  @TempDir Path dir;

  @Test
  void duckDbReadsEveryLoggedPoint() throws Exception {
    Path store = dir.resolve("store");
    List<double[]> logged = new ArrayList<>(); // {runIndex, step, value}
    List<RunId> runs = new ArrayList<>();
    try (Lineage lineage = Lineage.builder().store(store.toString()).metricBufferPoints(4096).tempDir(dir).build()) {
      for (int r = 0; r < 2; r++) {
        try (Run run = lineage.newRun("duck-" + r)) {
          for (int step = 0; step < 25_000; step++) {
            double value = step % 1000 == 7 ? Double.NaN : Math.exp(-step / 5000.0) + r;
            run.logMetric(step % 2 == 0 ? "loss" : "val/loss", value, step);
            logged.add(new double[] {r, step, value});
          }
          runs.add(run.id());
        }
      }
    }
    String glob = store.toAbsolutePath() + "/rundata/*/metrics/*/*.parquet";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT run_id, key, step, value, epoch_ms(timestamp) AS ts FROM read_parquet('"
          + glob + "') WHERE key NOT LIKE 'lineage.%' ORDER BY run_id, step")) { // the sampler's keys aside
        int i = 0;
        while (rs.next()) {
          double[] expected = logged.get(i++);
          assertEquals(runs.get((int) expected[0]).toString(), rs.getString("run_id"));
          assertEquals((long) expected[1], rs.getLong("step"));
          assertEquals(expected[1] % 2 == 0 ? "loss" : "val/loss", rs.getString("key"));
          double value = rs.getDouble("value");
          if (Double.isNaN(expected[2])) {
            assertTrue(Double.isNaN(value), "NaN survives at step " + expected[1]);
          } else {
            assertEquals(expected[2], value, 0.0, "value at step " + expected[1]);
          }
          assertTrue(rs.getLong("ts") > 0);
        }
        assertEquals(logged.size(), i, "DuckDB sees every point and no other");
      }
    }
  }
}
