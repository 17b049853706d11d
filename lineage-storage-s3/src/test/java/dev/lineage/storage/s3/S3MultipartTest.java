package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Large blobs go up as multipart uploads: racing writers still get one winner, and a failure aborts. */
class S3MultipartTest {
  private static byte[] random(long seed) {
    byte[] b = new byte[(int) S3Backend.MULTIPART_THRESHOLD + 3 * S3Backend.PART_BYTES / 2];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void racingMultipartPutsHaveExactlyOneWinnerAndItsContentIsWhole() throws Exception {
    S3Backend backend = S3Fixture.newBackend();
    byte[] a = random(1);
    byte[] b = random(2);
    CompletableFuture<PutResult> first = CompletableFuture.supplyAsync(() -> backend.putIfAbsent("blobs/x", Payload.of(a)));
    CompletableFuture<PutResult> second = CompletableFuture.supplyAsync(() -> backend.putIfAbsent("blobs/x", Payload.of(b)));
    List<PutResult> results = List.of(first.get(), second.get());
    assertEquals(1, results.stream().filter(PutResult.CREATED::equals).count(), results.toString());
    byte[] stored;
    try (InputStream in = backend.get("blobs/x").orElseThrow()) {
      stored = in.readAllBytes();
    }
    byte[] winner = results.get(0) == PutResult.CREATED ? a : b;
    assertArrayEquals(winner, stored);
  }

  @Test
  void aFailedPartAbortsTheUpload() throws Exception {
    List<String> seen = new ArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String line = request.getMethod() + " " + request.getUrl().encodedQuery();
          synchronized (seen) {
            seen.add(line);
          }
          if (request.getMethod().equals("HEAD")) {
            return new MockResponse.Builder().code(404).build();
          }
          if (request.getMethod().equals("POST")) {
            return new MockResponse.Builder().code(200)
                .body("<InitiateMultipartUploadResult><UploadId>U-1</UploadId></InitiateMultipartUploadResult>").build();
          }
          if (request.getMethod().equals("PUT")) {
            return new MockResponse.Builder().code(403).body("<Error><Code>AccessDenied</Code></Error>").build();
          }
          return new MockResponse.Builder().code(204).build();
        }
      });
      server.start(0);
      S3Backend backend = S3Backend.builder().bucket("multipart").endpoint(server.url("/").uri()).pathStyle(true)
          .region("us-east-1").credentials(Credentials.of("AKIDTEST", "secret")).maxAttempts(1)
          .client(new OkHttpClient.Builder().retryOnConnectionFailure(false).build()).build();
      S3StorageException e = assertThrows(S3StorageException.class,
          () -> backend.putIfAbsent("blobs/y", Payload.of(random(3))));
      assertEquals("AccessDenied", e.code());
      assertTrue(seen.stream().anyMatch(s -> s.startsWith("DELETE uploadId=U-1")), "aborted: " + seen);
    }
  }

  @Test
  void aFailedServerSideCopyAbortsItAndDeletesTheStagedContent() throws Exception {
    List<String> seen = new ArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String path = request.getUrl().encodedPath();
          String query = request.getUrl().encodedQuery();
          boolean copy = request.getHeaders().get("x-amz-copy-source") != null;
          synchronized (seen) {
            seen.add(request.getMethod() + " " + path + "?" + query + (copy ? " copy" : ""));
          }
          switch (request.getMethod()) {
            case "HEAD": // the blob is not stored yet
              return new MockResponse.Builder().code(404).build();
            case "POST":
              return new MockResponse.Builder().code(200).body(query.startsWith("uploads")
                  ? "<InitiateMultipartUploadResult><UploadId>" + (path.contains("/staging/") ? "STAGE" : "COPY")
                      + "</UploadId></InitiateMultipartUploadResult>"
                  : "<CompleteMultipartUploadResult><ETag>\"e\"</ETag></CompleteMultipartUploadResult>").build();
            case "PUT":
              return copy ? new MockResponse.Builder().code(403).body("<Error><Code>AccessDenied</Code></Error>").build()
                  : new MockResponse.Builder().code(200).setHeader("ETag", "\"p\"").build();
            default:
              return new MockResponse.Builder().code(204).build();
          }
        }
      });
      server.start(0);
      S3Backend backend = S3Backend.builder().bucket("staged").endpoint(server.url("/").uri()).pathStyle(true)
          .region("us-east-1").credentials(Credentials.of("AKIDTEST", "secret")).maxAttempts(1)
          .client(new OkHttpClient.Builder().retryOnConnectionFailure(false).build()).build();
      S3StorageException e = assertThrows(S3StorageException.class,
          () -> backend.putContent(Payload.of(random(4)), d -> "blobs/" + d.hex()));
      assertEquals("AccessDenied", e.code());
      assertTrue(seen.stream().anyMatch(s -> s.startsWith("DELETE /staged/blobs/") && s.contains("uploadId=COPY")),
          "the copy's upload aborted: " + seen);
      assertTrue(seen.stream().anyMatch(s -> s.startsWith("DELETE /staged/staging/") && s.endsWith("?null")),
          "the staged object deleted: " + seen);
      assertTrue(seen.stream().noneMatch(s -> s.contains("uploadId=STAGE") && s.startsWith("DELETE")),
          "the staging upload completed, so it was not aborted: " + seen);
    }
  }
}
