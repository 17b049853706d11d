package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunStatus;
import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.testkit.JvmProcesses;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run handle reopens an S3-compatible store in another JVM: the URI carries endpoint, region and style. */
class S3HandleTest {
  @TempDir Path dir;

  @Test
  void theStoreUriCarriesEverythingButTheCredentials() throws Exception {
    S3Backend backend = S3Fixture.newBackend();
    String uri = backend.uri().toString();
    S3ProxyAccess server = S3Fixture.server();
    assertTrue(uri.startsWith("s3://bucket-"), uri);
    assertTrue(uri.contains("endpoint=" + java.net.URLEncoder.encode(server.endpoint(),
        java.nio.charset.StandardCharsets.UTF_8)), uri);
    assertTrue(uri.contains("region=us-east-1"), uri);
    assertFalse(uri.contains(server.credential()), "no secret in the URI");
    backend.close();
  }

  /** Each addressing style, on AWS and on another endpoint, read back from the URI as it was built. */
  @Test
  void theUriReopensTheSameAddressingStyle() {
    Credentials any = Credentials.of("AKIAEXAMPLE", "secret");
    for (String endpoint : new String[] {null, "http://minio.internal:9000"}) {
      for (boolean pathStyle : new boolean[] {true, false}) {
        S3Backend.Builder b = S3Backend.builder().bucket("ml-bucket").prefix("runs").region("eu-west-1")
            .credentials(any).pathStyle(pathStyle);
        if (endpoint != null) {
          b.endpoint(java.net.URI.create(endpoint));
        }
        S3Backend built = b.build();
        S3Backend reopened = S3Backend.builder().uri(built.uri()).credentials(any).build();
        assertEquals(built.uri(), reopened.uri(), endpoint + " pathStyle " + pathStyle);
        assertEquals(built.path("k"), reopened.path("k"), "the same requests: " + built.uri());
      }
    }
  }

  /**
   * A store URI that is not one names what is wrong with it: a bucket name that breaks S3's rule (java.net.URI
   * reads no host from "Bad_Bucket", so this once said only "an S3 store is s3://bucket/prefix"), credentials or a
   * port where only a bucket belongs.
   */
  @Test
  void aStoreUriThatIsNotOneSaysWhy() {
    Map<String, String> says = Map.of(
        "s3://Bad_Bucket/runs", "must be an S3 bucket name (3-63 of [a-z0-9.-]), was Bad_Bucket",
        "s3://AKIAEXAMPLE:secret@ml-bucket/runs", "credentials never belong in a store URI",
        "s3://ml-bucket:9000/runs", "the endpoint goes in ?endpoint=",
        "s3:///runs", "an S3 store is s3://bucket/prefix",
        "file:/tmp/runs", "an S3 store is s3://bucket/prefix");
    says.forEach((uri, message) -> {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> S3Backend.builder().uri(java.net.URI.create(uri)), uri);
      assertTrue(e.getMessage().contains(message), uri + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("secret"), "the secret is not repeated: " + e.getMessage());
    });
  }

  @Test
  void anotherJvmReopensTheStoreFromTheHandleAloneAndLogsIntoTheRun() throws Exception {
    S3ProxyAccess server = S3Fixture.server();
    RunId id;
    S3Backend driver = S3Fixture.newBackend();
    String bucket = S3Fixture.lastBucket;
    try (Lineage lineage = Lineage.builder().backend(driver).tempDir(dir)
        .cacheDir(dir.resolve("c")).workDir(dir.resolve("w")).systemMetrics(false).build();
        Run run = lineage.newRun("driver")) {
      Path handle = dir.resolve("handle.ser");
      try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(handle))) {
        out.writeObject(run.handle());
      }
      Path log = dir.resolve("executor.log");
      Process p = JvmProcesses.start(S3HandleWorker.class.getName(), Map.of("AWS_ACCESS_KEY_ID", server.identity(),
          "AWS_SECRET_ACCESS_KEY", server.credential()), log, handle.toString(), dir.resolve("executor").toString());
      assertTrue(p.waitFor(2, TimeUnit.MINUTES));
      assertEquals(0, p.exitValue(), Files.readString(log));
      id = run.id();
      run.succeed();
    }
    try (Lineage lineage = Lineage.builder().backend(S3Fixture.newBackendOfBucket(bucket)).tempDir(dir)
        .systemMetrics(false).build()) {
      assertEquals(RunStatus.SUCCEEDED, lineage.runRecord(id).status());
      assertEquals(100, lineage.metric(id, "executor-loss").size());
    }
  }
}
