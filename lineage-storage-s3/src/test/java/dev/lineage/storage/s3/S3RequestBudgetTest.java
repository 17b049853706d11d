package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.internal.s3.S3ProxyAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with 100 params, 1M metric points and 10 small artifacts costs at most 30 S3 requests, counted by an
 * OkHttp interceptor; and no secret reaches a log line, an exception or a toString.
 */
class S3RequestBudgetTest {
  @TempDir Path dir;

  @Test
  void aTypicalRunStaysWithinThirtyRequests() throws Exception {
    List<String> requests = Collections.synchronizedList(new ArrayList<>());
    S3Backend backend = S3Fixture.counting("budget", requests);
    RunId id;
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(dir).cacheDir(dir.resolve("c"))
        .workDir(dir.resolve("w")).build()) {
      requests.clear(); // opening the store (its marker) is not the run's cost
      try (Run run = lineage.newRun("budget")) {
        for (int i = 0; i < 100; i++) {
          run.logParam("param-" + i, i);
        }
        for (int step = 0; step < 1_000_000; step++) {
          run.logMetric("loss", 1.0 / (step + 1), step);
        }
        for (int i = 0; i < 10; i++) {
          run.produce(Files.writeString(dir.resolve("artifact-" + i), "small artifact " + i), "a-" + i);
        }
        id = run.id();
      }
      int used = requests.size();
      System.out.println("S3 requests for the run: " + used + " " + requests);
      assertTrue(used <= 30, used + " requests: " + requests);
      assertEquals(1_000_000, lineage.metric(id, "loss").size());
      assertEquals(100, lineage.runRecord(id).params().size());
    }
  }

  @Test
  void secretsNeverReachLogsExceptionsOrToString() throws Exception {
    Logger root = Logger.getLogger("");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Handler handler = new StreamHandler(new PrintStream(captured, true), new java.util.logging.SimpleFormatter());
    handler.setLevel(Level.ALL);
    Level before = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(handler);
    String secret = "wJalrXUtnFEMI-very-secret-key";
    StringBuilder seen = new StringBuilder();
    try {
      S3ProxyAccess server = S3Fixture.server();
      S3Backend wrong = S3Backend.builder().bucket("no-such-bucket").endpoint(URI.create(server.endpoint()))
          .pathStyle(true).region("us-east-1")
          .credentials(new Credentials(server.identity(), secret, java.util.Optional.of("session-token-secret")))
          .maxAttempts(1).build();
      seen.append(wrong).append('\n');
      try {
        wrong.stat("runs/x.json");
      } catch (RuntimeException e) {
        seen.append(e).append('\n');
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
          seen.append(c).append('\n');
        }
      }
    } finally {
      handler.flush();
      root.removeHandler(handler);
      root.setLevel(before);
    }
    String all = seen + captured.toString();
    assertFalse(all.contains(secret), all);
    assertFalse(all.contains("session-token-secret"), all);
    assertTrue(seen.toString().contains("403") || seen.toString().contains("HEAD"), seen.toString());
  }
}
