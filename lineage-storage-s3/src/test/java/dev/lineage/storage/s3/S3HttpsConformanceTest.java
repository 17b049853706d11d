package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.internal.s3.SigV4Signer;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import dev.lineage.testkit.StorageConformanceTest;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The storage contract over HTTPS (S3Proxy with a self-signed certificate, signatures checked), where payloads
 * are signed {@code UNSIGNED-PAYLOAD} and so read once, single puts and parts alike.
 */
class S3HttpsConformanceTest extends StorageConformanceTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3ProxyAccess server;
  private final List<String> contentHashes = Collections.synchronizedList(new ArrayList<>());

  private static synchronized S3ProxyAccess server() throws Exception {
    if (server == null) {
      server = S3ProxyAccess.startTls(Files.createTempDirectory("s3proxy-tls"));
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }

  @Override
  protected StorageBackend newBackend() throws Exception {
    S3ProxyAccess s = server();
    String bucket = "tls-" + BUCKETS.incrementAndGet();
    s.createBucket(bucket);
    OkHttpClient client = s.tlsClient().addInterceptor(chain -> {
      if (chain.request().method().equals("PUT")) {
        contentHashes.add(chain.request().header("x-amz-content-sha256"));
      }
      return chain.proceed(chain.request());
    }).build();
    return S3Backend.builder().bucket(bucket).prefix("tls").endpoint(URI.create(s.endpoint())).pathStyle(true)
        .region("us-east-1").credentials(Credentials.of(s.identity(), s.credential())).client(client).build();
  }

  /**
   * A user whose server has a private CA gives its trust through the public builder (JDK types only): without it
   * the JVM's trust store refuses the certificate, with it the backend stores and reads.
   */
  @Test
  void aPrivateCaIsTrustedThroughThePublicBuilderAndRefusedWithoutIt() throws Exception {
    S3ProxyAccess s = server();
    String bucket = "tls-" + BUCKETS.incrementAndGet();
    s.createBucket(bucket);
    S3Backend.Builder untrusting = S3Backend.builder().bucket(bucket).endpoint(URI.create(s.endpoint()))
        .pathStyle(true).region("us-east-1").credentials(Credentials.of(s.identity(), s.credential()))
        .maxAttempts(1);
    try (StorageBackend refused = untrusting.build()) {
      org.junit.jupiter.api.Assertions.assertThrows(dev.lineage.StorageException.class,
          () -> refused.putIfAbsent("k", Payload.of(new byte[] {1})));
    }
    S3Backend.Builder trusting = S3Backend.builder().bucket(bucket).endpoint(URI.create(s.endpoint()))
        .pathStyle(true).region("us-east-1").credentials(Credentials.of(s.identity(), s.credential()))
        .tls(s.sslContext(), s.trustManager());
    try (StorageBackend trusted = trusting.build()) {
      assertEquals(PutResult.CREATED, trusted.putIfAbsent("k", Payload.of(new byte[] {1, 2})));
      try (InputStream in = trusted.get("k").orElseThrow()) {
        assertArrayEquals(new byte[] {1, 2}, in.readAllBytes());
      }
    }
    org.junit.jupiter.api.Assertions.assertThrows(dev.lineage.InvalidInputException.class,
        () -> trusting.tls(s.sslContext(), s.trustManager()), "set once");
  }

  @Test
  void overHttpsPayloadsAreUnsignedAndReadOnce() throws Exception {
    StorageBackend backend = newBackend();
    byte[] large = new byte[(int) S3Backend.MULTIPART_THRESHOLD + S3Backend.PART_BYTES];
    new Random(3).nextBytes(large);
    AtomicInteger opens = new AtomicInteger();
    Payload counted = new Payload() {
      @Override
      public long length() {
        return large.length;
      }

      @Override
      public InputStream open() {
        opens.incrementAndGet();
        return new java.io.ByteArrayInputStream(large);
      }
    };
    contentHashes.clear();
    assertEquals(PutResult.CREATED, backend.putIfAbsent("blobs/large", counted));
    assertEquals(PutResult.CREATED, backend.putIfAbsent("small", Payload.of(new byte[] {1, 2, 3})));
    assertEquals(1, opens.get(), "the multipart upload read its payload once");
    assertFalse(contentHashes.isEmpty());
    assertEquals(List.of(SigV4Signer.UNSIGNED_PAYLOAD), contentHashes.stream().distinct().toList());
    try (InputStream in = backend.get("blobs/large").orElseThrow()) {
      assertArrayEquals(large, in.readAllBytes());
    }
  }
}
