package dev.lineage.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.internal.store.InMemoryBackend;

import dev.lineage.query.Closure;
import dev.lineage.query.Edge;
import dev.lineage.query.EdgeKind;
import dev.lineage.query.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that reads what it wrote (a Spark job that writes a table, then reads it back) is not its own cause. */
class OwnOutputTest {
  @TempDir Path dir;

  @Test
  void aRunThatReadsItsOwnOutputIsNeitherItsOwnUpstreamNorItsOwnDownstream() throws Exception {
    Path table = Files.writeString(dir.resolve("table.csv"), "a,b\n1,2\n");
    Path raw = Files.writeString(dir.resolve("raw.csv"), "a\n1\n");
    try (Lineage lineage = Lineage.builder().backend(new InMemoryBackend(java.net.URI.create("mem:/own-output"))).tempDir(dir)
        .cacheDir(dir.resolve("cache")).systemMetrics(false).build()) {
      RunId id;
      try (Run run = lineage.newRun("etl")) {
        run.use(raw);
        run.produce(table);
        run.use(table); // read back what it wrote
        run.succeed();
        id = run.id();
      }
      Node start = Node.run(id);
      Closure up = lineage.graph().upstream(start);
      assertTrue(up.edges().stream().noneMatch(e -> e.kind() == EdgeKind.PRODUCED), "upstream of the run: "
          + up.edges());
      assertEquals(List.of(EdgeKind.USED, EdgeKind.USED), up.edges().stream().map(Edge::kind).toList());
      Closure down = lineage.graph().downstream(start);
      assertTrue(down.edges().stream().noneMatch(e -> e.kind() == EdgeKind.USED), "downstream: " + down.edges());
      assertEquals(List.of(id), List.copyOf(up.runs().keySet()), "the run alone, as the start");
    }
  }
}
