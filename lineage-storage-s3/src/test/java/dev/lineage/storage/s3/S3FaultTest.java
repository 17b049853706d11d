package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.StorageException;
import dev.lineage.UnknownOutcomeException;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.RetryBudget;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults scripted with OkHttp's MockWebServer: retries, conflicts and unknown outcomes exactly as specified. */
class S3FaultTest {
  private static final String SLOW_DOWN = "<Error><Code>SlowDown</Code><Message>Reduce your request rate."
      + "</Message><RequestId>REQ-SLOW</RequestId></Error>";
  private MockWebServer server;
  private S3Backend backend;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(0);
    OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
        .readTimeout(500, TimeUnit.MILLISECONDS).build();
    backend = S3Backend.builder().bucket("faults").endpoint(server.url("/").uri()).pathStyle(true)
        .region("us-east-1").credentials(Credentials.of("AKIDTEST", "test-secret")).client(client).maxAttempts(4)
        .maxRetryTime(Duration.ofSeconds(20)).build();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static MockResponse status(int code, String body) {
    return new MockResponse.Builder().code(code).body(body).build();
  }

  private static MockResponse drop() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build();
  }

  @Test
  void getRetries500AndSlowDownThenSucceeds() throws Exception {
    server.enqueue(status(500, ""));
    server.enqueue(status(503, SLOW_DOWN));
    server.enqueue(status(200, "hello"));
    try (InputStream in = backend.get("k").orElseThrow()) {
      assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void retriesStopAtTheAttemptLimitWithTheS3ErrorInTheException() {
    for (int i = 0; i < 6; i++) {
      server.enqueue(status(503, SLOW_DOWN));
    }
    long start = System.nanoTime();
    S3StorageException e = assertThrows(S3StorageException.class, () -> backend.get("k"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(4, server.getRequestCount(), "maxAttempts");
    assertEquals(503, e.status());
    assertEquals("REQ-SLOW", e.requestId());
    assertTrue(millis < 100 + 200 + 400 + 800 + 2000, "full-jitter backoff stays under its caps: " + millis + " ms");
  }

  @Test
  void retriesStopWhenTheOperationsBudgetIsSpentNotAfterThisBackendsOwnLimits() {
    // Lineage's retry budget for the operation, its time moved 10 s by every request the server answers.
    java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong();
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(millis.get());
      }
    };
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        millis.addAndGet(10_000);
        return status(503, SLOW_DOWN);
      }
    });
    S3Backend patient = S3Backend.builder().bucket("faults").endpoint(server.url("/").uri()).pathStyle(true)
        .region("us-east-1").credentials(Credentials.of("AKIDTEST", "test-secret")).maxAttempts(50)
        .maxRetryTime(Duration.ofHours(1)).build();
    try (patient) {
      RetryBudget get = RetryBudget.of(Duration.ofSeconds(30), clock);
      assertThrows(S3StorageException.class, () -> get.apply(() -> patient.get("k")));
      assertEquals(3, server.getRequestCount(), "three 10 s attempts fill a 30 s budget; 50 are allowed");
      RetryBudget put = RetryBudget.of(Duration.ofSeconds(30), clock);
      assertThrows(S3StorageException.class, () -> put.apply(() -> patient.putIfAbsent("k", Payload.of(new byte[] {1}))));
      assertEquals(6, server.getRequestCount(), "a put shares its operation's budget the same way");
    }
  }

  @Test
  void aStalledOrDroppedGetIsRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(drop());
    server.enqueue(status(200, "after faults"));
    try (InputStream in = backend.get("k").orElseThrow()) {
      assertEquals("after faults", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void accessDeniedIsNotRetried() {
    server.enqueue(status(403, "<Error><Code>AccessDenied</Code><RequestId>REQ-403</RequestId></Error>"));
    S3StorageException e = assertThrows(S3StorageException.class, () -> backend.get("k"));
    assertEquals("AccessDenied", e.code());
    assertEquals("REQ-403", e.requestId());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void put412IsAlreadyExistsAnd409And500AreRetried() throws Exception {
    server.enqueue(status(412, "<Error><Code>PreconditionFailed</Code></Error>"));
    assertEquals(PutResult.ALREADY_EXISTS, backend.putIfAbsent("a", Payload.of(new byte[] {1})));
    server.enqueue(status(409, "<Error><Code>ConditionalRequestConflict</Code></Error>"));
    server.enqueue(status(500, ""));
    server.enqueue(status(200, ""));
    assertEquals(PutResult.CREATED, backend.putIfAbsent("b", Payload.of(new byte[] {2})));
    assertEquals(4, server.getRequestCount());
    server.takeRequest();
    RecordedRequest put = server.takeRequest();
    assertEquals("*", put.getHeaders().get("If-None-Match"));
    assertArrayEquals(new byte[] {2}, put.getBody().toByteArray());
  }

  /** Answers PUTs by dropping the connection after reading them, and HEADs as {@code head} says. */
  private void lostPutThen(java.util.function.Function<String, MockResponse> head) {
    AtomicReference<String> writeId = new AtomicReference<>();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getMethod().equals("PUT")) {
          writeId.set(request.getHeaders().get("x-amz-meta-lineage-write-id"));
          return drop();
        }
        return head.apply(writeId.get());
      }
    });
  }

  @Test
  void aLostPutThatLandedIsCreated() {
    lostPutThen(id -> new MockResponse.Builder().code(200).addHeader("x-amz-meta-lineage-write-id", id)
        .addHeader("Content-Length", "1").build());
    assertEquals(PutResult.CREATED, backend.putIfAbsent("k", Payload.of(new byte[] {7})));
    assertEquals(2, server.getRequestCount(), "one PUT, one HEAD to decide; no blind retry");
  }

  @Test
  void aLostPutBeatenByAnotherWriterIsAlreadyExists() {
    lostPutThen(id -> new MockResponse.Builder().code(200).addHeader("x-amz-meta-lineage-write-id", "someone-else")
        .build());
    assertEquals(PutResult.ALREADY_EXISTS, backend.putIfAbsent("k", Payload.of(new byte[] {7})));
  }

  @Test
  void aLostPutThatDidNotLandIsRetried() {
    AtomicReference<Integer> puts = new AtomicReference<>(0);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getMethod().equals("PUT")) {
          puts.set(puts.get() + 1);
          return puts.get() == 1 ? drop() : status(200, "");
        }
        return status(404, "");
      }
    });
    assertEquals(PutResult.CREATED, backend.putIfAbsent("k", Payload.of(new byte[] {7})));
    assertEquals(2, puts.get());
  }

  @Test
  void aLostPutThatCannotBeReadBackIsAnUnknownOutcome() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return drop();
      }
    });
    UnknownOutcomeException e = assertThrows(UnknownOutcomeException.class,
        () -> backend.putIfAbsent("k", Payload.of(new byte[] {7})));
    assertTrue(e.getMessage().contains("could not be read back"), e.getMessage());
    assertEquals(1 + 4, server.getRequestCount(), "one PUT, then HEAD's bounded retries; the PUT is not repeated");
  }

  @Test
  void aFailingPayloadIsNotMistakenForALostResponse() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return status(200, "");
      }
    });
    Payload failing = new Payload() {
      @Override
      public long length() {
        return 10;
      }

      @Override
      public InputStream open() {
        return new InputStream() {
          @Override
          public int read() throws java.io.IOException {
            throw new java.io.IOException("disk gone");
          }
        };
      }
    };
    StorageException e = assertThrows(StorageException.class, () -> backend.putIfAbsent("k", failing));
    assertEquals("disk gone", e.getCause().getMessage());
  }

  @Test
  void listRetriesAndParsesPages() {
    server.enqueue(status(503, SLOW_DOWN));
    server.enqueue(drop());
    server.enqueue(status(200, "<ListBucketResult><IsTruncated>true</IsTruncated>"
        + "<Contents><Key>ml/a</Key><Size>3</Size></Contents>"
        + "<Contents><Key>ml/b</Key><Size>4</Size></Contents></ListBucketResult>"));
    S3Backend prefixed = S3Backend.builder().bucket("faults").prefix("ml").endpoint(server.url("/").uri())
        .pathStyle(true).region("us-east-1").credentials(Credentials.of("AKIDTEST", "test-secret")).maxAttempts(4)
        .client(new OkHttpClient.Builder().retryOnConnectionFailure(false).readTimeout(500, TimeUnit.MILLISECONDS)
            .build()).build();
    var page = prefixed.list("", null, 2);
    assertEquals(List.of("a", "b"), page.objects().stream().map(o -> o.key()).toList());
    assertEquals(java.util.Optional.of("b"), page.nextStartAfter());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void listGivesUpWithTheS3Error() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(status(500, "<Error><Code>InternalError</Code><RequestId>REQ-500</RequestId></Error>"));
    }
    S3StorageException e = assertThrows(S3StorageException.class, () -> backend.list("", null, 10));
    assertEquals("InternalError", e.code());
    assertEquals(4, server.getRequestCount());
  }

  @Test
  void deleteChecksExistenceAndRetriesTransientFailures() {
    server.enqueue(new MockResponse.Builder().code(404).build()); // HEAD: absent
    assertEquals(false, backend.delete("gone"));
    server.enqueue(new MockResponse.Builder().code(200).build()); // HEAD: present
    server.enqueue(drop()); // DELETE: dropped
    server.enqueue(status(503, SLOW_DOWN));
    server.enqueue(new MockResponse.Builder().code(204).build());
    assertEquals(true, backend.delete("there"));
    assertEquals(5, server.getRequestCount());
  }
}
