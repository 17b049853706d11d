package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.query.RunQuery;
import dev.lineage.testkit.JvmProcesses;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four JVMs write runs, metrics and artifacts into one bucket at once; every record is there and intact. */
class S3MultiProcessTest {
  @TempDir Path dir;

  @Test
  void everyRecordOfEveryJvmIsPresentAndIntact() throws Exception {
    S3ProxyAccess server = S3Fixture.server();
    server.createBucket("shared-bucket");
    Path go = dir.resolve("go");
    int workers = 4;
    JvmProcesses.race(S3WriterWorker.class, dir, go, workers, w -> new String[] {server.endpoint(), "shared-bucket",
        Integer.toString(w), dir.resolve("w" + w).toString(), go.toString(), server.identity(), server.credential()});
    S3Backend backend = S3Backend.builder().bucket("shared-bucket").endpoint(URI.create(server.endpoint()))
        .pathStyle(true).region("us-east-1").credentials(Credentials.of(server.identity(), server.credential()))
        .build();
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(dir).cacheDir(dir.resolve("c"))
        .workDir(dir.resolve("wd")).build()) {
      List<RunRecord> runs = lineage.runs(RunQuery.all());
      assertEquals(workers * 5, runs.size());
      for (RunRecord run : runs) {
        assertEquals(RunStatus.SUCCEEDED, run.status());
        int worker = (int) run.params().get("worker").asLong();
        long round = run.params().get("round").asLong();
        assertEquals(2_000, lineage.metric(run.id(), "loss").size());
        try (InputStream in = lineage.openArtifact(run.outputs().get(0))) {
          assertEquals("worker " + worker + " round " + round, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("shared", run.inputs().get(0).name().orElseThrow());
      }
    }
  }
}
