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
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * Some S3-compatible servers answer a conditional completion 304 rather than 412, also when the object is the
   * caller's own (its earlier completion landed): the write id set at creation tells which.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void a304OnCompletionIsResolvedByTheWriteId(boolean ours) throws Exception {
    AtomicReference<String> writeId = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean completed = new java.util.concurrent.atomic.AtomicBoolean();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String query = request.getUrl().encodedQuery();
          if (request.getMethod().equals("HEAD")) {
            return !completed.get() ? new MockResponse.Builder().code(404).build()
                : new MockResponse.Builder().code(200).addHeader("x-amz-meta-lineage-write-id",
                    ours ? writeId.get() : "someone-else").build();
          }
          if (request.getMethod().equals("POST") && query.startsWith("uploads")) {
            writeId.set(request.getHeaders().get("x-amz-meta-lineage-write-id"));
            return new MockResponse.Builder().code(200)
                .body("<InitiateMultipartUploadResult><UploadId>U-2</UploadId></InitiateMultipartUploadResult>").build();
          }
          if (request.getMethod().equals("POST")) {
            completed.set(true);
            return new MockResponse.Builder().code(304).build();
          }
          if (request.getMethod().equals("PUT")) {
            return new MockResponse.Builder().code(200).addHeader("ETag", "\"p\"").build();
          }
          return new MockResponse.Builder().code(204).build();
        }
      });
      server.start(0);
      S3Backend backend = S3Backend.builder().bucket("multipart").endpoint(server.url("/").uri()).pathStyle(true)
          .region("us-east-1").credentials(Credentials.of("AKIDTEST", "secret")).maxAttempts(1)
          .client(new OkHttpClient.Builder().retryOnConnectionFailure(false).build()).build();
      assertEquals(ours ? PutResult.CREATED : PutResult.ALREADY_EXISTS,
          backend.putIfAbsent("blobs/z", Payload.of(random(3))));
      assertTrue(writeId.get() != null && !writeId.get().isEmpty(), "the upload carries a write id");
    }
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
