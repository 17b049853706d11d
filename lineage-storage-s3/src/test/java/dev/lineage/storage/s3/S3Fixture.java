package dev.lineage.storage.s3;

import dev.lineage.internal.s3.S3ProxyAccess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** One S3Proxy per test JVM, started on first use and killed when the JVM exits; a fresh bucket per backend. */
final class S3Fixture {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3ProxyAccess server;

  private S3Fixture() {}

  static synchronized S3ProxyAccess server() throws Exception {
    if (server == null) {
      Path dir = Files.createTempDirectory("s3proxy");
      server = S3ProxyAccess.start(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }

  static S3Backend newBackend() throws Exception {
    S3ProxyAccess s = server();
    String bucket = "bucket-" + BUCKETS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    s.createBucket(bucket);
    lastBucket = bucket;
    return newBackendOfBucket(bucket);
  }

  /** The bucket of the newest {@link #newBackend()}. */
  static volatile String lastBucket;

  /** Another backend over an existing bucket (a second process's view of the same store). */
  static S3Backend newBackendOfBucket(String bucket) throws Exception {
    S3ProxyAccess s = server();
    return S3Backend.builder().bucket(bucket).prefix("ml/lineage").endpoint(URI.create(s.endpoint()))
        .pathStyle(true).region("us-east-1").credentials(Credentials.of(s.identity(), s.credential())).build();
  }

  /** A backend over a new bucket whose every request ({@code METHOD path}) is appended to {@code requests}. */
  static S3Backend counting(String bucket, java.util.List<String> requests) throws Exception {
    S3ProxyAccess s = server();
    s.createBucket(bucket);
    okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
      requests.add(chain.request().method() + " " + chain.request().url().encodedPath());
      return chain.proceed(chain.request());
    }).build();
    return S3Backend.builder().bucket(bucket).endpoint(URI.create(s.endpoint())).pathStyle(true)
        .region("us-east-1").credentials(Credentials.of(s.identity(), s.credential())).client(client).build();
  }
}
