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
   * A server that starts one upload (keeping its write id) and takes its parts; a completion is answered by
   * {@code completion} (given how many came before it), a HEAD by {@code head} (given the upload's write id and
   * whether a completion came).
   */
  private static MockWebServer uploads(java.util.function.IntFunction<MockResponse> completion,
      java.util.function.BiFunction<String, Boolean, MockResponse> head) throws java.io.IOException {
    AtomicReference<String> writeId = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger completions = new java.util.concurrent.atomic.AtomicInteger();
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String query = request.getUrl().encodedQuery();
        switch (request.getMethod()) {
          case "HEAD":
            return head.apply(writeId.get(), completions.get() > 0);
          case "POST":
            if (query.startsWith("uploads")) {
              writeId.set(request.getHeaders().get("x-amz-meta-lineage-write-id"));
              return new MockResponse.Builder().code(200)
                  .body("<InitiateMultipartUploadResult><UploadId>U-2</UploadId></InitiateMultipartUploadResult>")
                  .build();
            }
            return completion.apply(completions.getAndIncrement());
          case "PUT":
            return new MockResponse.Builder().code(200).addHeader("ETag", "\"p\"").build();
          default:
            return new MockResponse.Builder().code(204).build();
        }
      }
    });
    server.start(0);
    return server;
  }

  private static S3Backend backend(MockWebServer server, int attempts) {
    return S3Backend.builder().bucket("multipart").endpoint(server.url("/").uri()).pathStyle(true)
        .region("us-east-1").credentials(Credentials.of("AKIDTEST", "secret")).maxAttempts(attempts)
        .client(new OkHttpClient.Builder().retryOnConnectionFailure(false).build()).build();
  }

  /** An object under the key once a completion came: the write id {@code writer} gives it, none if null. */
  private static java.util.function.BiFunction<String, Boolean, MockResponse> headOnceCompleted(
      java.util.function.UnaryOperator<String> writer) {
    return (writeId, completed) -> !completed || writer.apply(writeId) == null
        ? new MockResponse.Builder().code(404).build()
        : new MockResponse.Builder().code(200).addHeader("x-amz-meta-lineage-write-id", writer.apply(writeId)).build();
  }

  /**
   * Some S3-compatible servers answer a conditional completion 304 rather than 412, also when the object is the
   * caller's own (its earlier completion landed): the write id set at creation tells which.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void a304OnCompletionIsResolvedByTheWriteId(boolean ours) throws Exception {
    AtomicReference<String> sent = new AtomicReference<>();
    try (MockWebServer server = uploads(n -> new MockResponse.Builder().code(304).build(),
        headOnceCompleted(id -> {
          sent.set(id);
          return ours ? id : "someone-else";
        }))) {
      assertEquals(ours ? PutResult.CREATED : PutResult.ALREADY_EXISTS,
          backend(server, 1).putIfAbsent("blobs/z", Payload.of(random(3))));
      assertTrue(sent.get() != null && !sent.get().isEmpty(), "the upload carries a write id");
    }
  }

  /**
   * A completion that landed but whose answer was lost (a dropped connection, or a 5xx the server sent after
   * completing): the retried completion finds the upload gone, 404 NoSuchUpload. The write id on the object tells
   * whether it was this upload that landed. (S3UploadBenchmark failed this way on a 1 GiB upload.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"ours", "someone-else", "none"})
  void aCompletionWhoseAnswerWasLostIsResolvedByTheWriteId(String landed) throws Exception {
    java.util.concurrent.atomic.AtomicInteger completions = new java.util.concurrent.atomic.AtomicInteger();
    try (MockWebServer server = uploads(n -> {
      completions.incrementAndGet();
      return n == 0 ? new MockResponse.Builder().code(503).body("<Error><Code>SlowDown</Code></Error>").build()
          : new MockResponse.Builder().code(404).body("<Error><Code>NoSuchUpload</Code><RequestId>R-404</RequestId>"
              + "</Error>").build();
    }, headOnceCompleted(id -> landed.equals("ours") ? id : landed.equals("none") ? null : "someone-else"))) {
      S3Backend backend = backend(server, 2);
      if (landed.equals("none")) {
        S3StorageException e = assertThrows(S3StorageException.class,
            () -> backend.putIfAbsent("blobs/w", Payload.of(random(4))));
        assertEquals("NoSuchUpload", e.code());
        assertTrue(e.getMessage().contains("no object"), e.getMessage());
      } else {
        assertEquals(landed.equals("ours") ? PutResult.CREATED : PutResult.ALREADY_EXISTS,
            backend.putIfAbsent("blobs/w", Payload.of(random(4))));
      }
      assertEquals(2, completions.get(), "the completion was retried once");
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
      List<String> after = copy(seen); // parts still in flight may be answered while this reads
      assertTrue(after.stream().anyMatch(s -> s.startsWith("DELETE uploadId=U-1")), "aborted: " + after);
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
      List<String> after = copy(seen);
      assertTrue(after.stream().anyMatch(s -> s.startsWith("DELETE /staged/blobs/") && s.contains("uploadId=COPY")),
          "the copy's upload aborted: " + after);
      assertTrue(after.stream().anyMatch(s -> s.startsWith("DELETE /staged/staging/") && s.endsWith("?null")),
          "the staged object deleted: " + after);
      assertTrue(after.stream().noneMatch(s -> s.contains("uploadId=STAGE") && s.startsWith("DELETE")),
          "the staging upload completed, so it was not aborted: " + after);
    }
  }

  /** What the server's dispatcher threads have recorded so far, read under their lock. */
  private static List<String> copy(List<String> seen) {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }
}
