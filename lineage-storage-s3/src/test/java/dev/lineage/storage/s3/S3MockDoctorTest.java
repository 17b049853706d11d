package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.internal.s3.ServerProcesses;
import dev.lineage.maintenance.DoctorReport;
import dev.lineage.maintenance.DoctorReport.Finding;
import dev.lineage.maintenance.DoctorReport.Guarantee;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adobe S3Mock, a real S3-compatible server whose {@code If-None-Match: *} put is a check then a write: the store
 * doctor must say its put-if-absent is not atomic and that many writers are not safe on it, where S3Proxy (the
 * other tests' server) keeps every guarantee (S3DoctorTest).
 */
class S3MockDoctorTest {
  @TempDir Path tmp;

  @Test
  void theDoctorFindsThatS3MocksPutIfAbsentIsNotAtomic() throws Exception {
    Process server = start(tmp);
    try (Lineage lineage = Lineage.builder().backend(S3Backend.builder().bucket("doctor").endpoint(
        URI.create("http://127.0.0.1:" + port)).pathStyle(true).region("us-east-1")
        .credentials(Credentials.of("any", "any-secret")).build()).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .workDir(tmp.resolve("work")).systemMetrics(false).build()) {
      DoctorReport report = lineage.maintenance().doctor(null);
      report.findings().forEach(f -> System.out.println("S3Mock " + f)); // what the docs quote (docs/s3.md)
      Finding atomic = report.findings().stream().filter(f -> f.guarantee() == Guarantee.PUT_IF_ABSENT_ATOMIC)
          .findFirst().orElseThrow();
      assertFalse(atomic.holds(), "S3Mock's put-if-absent raced and was found atomic: " + report.findings());
      assertTrue(atomic.detail().contains("were told CREATED"), atomic.detail());
      assertFalse(report.manyWritersSafe());
    } finally {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private int port;

  private Process start(Path dir) throws IOException, InterruptedException {
    String jar = System.getProperty("s3mock.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("s3mock.jar system property does not name the S3Mock jar: " + jar);
    }
    port = S3ProxyAccess.freePort();
    Path log = dir.resolve("s3mock.log");
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar, "--com.adobe.testing.s3mock.httpPort=" + port, "--server.port=" + S3ProxyAccess.freePort(),
        "--com.adobe.testing.s3mock.store.initialBuckets=doctor",
        "--com.adobe.testing.s3mock.store.root=" + dir.resolve("s3mock-data")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcesses.awaitListening(p, port, log, "S3Mock", java.time.Duration.ofSeconds(120));
    return p;
  }
}
