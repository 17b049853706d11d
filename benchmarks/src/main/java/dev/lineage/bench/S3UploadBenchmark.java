package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.internal.s3.SigV4Signer;
import dev.lineage.Digest;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.spi.ContentPut;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.storage.s3.Credentials;
import dev.lineage.storage.s3.S3Backend;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;

/**
 * A 1 GiB file into S3Proxy on loopback (filesystem store), four ways, alternating, each object deleted after:
 * the artifact path ({@code putContent}: staged in parallel parts while hashed, read once, then copied
 * server-side under its digest); hashing first and then a multipart put under the digest (read twice); a
 * multipart put to a known key (parts only); and the baseline, one plain streaming PUT of the same file over
 * OkHttp, signed with UNSIGNED-PAYLOAD.
 */
final class S3UploadBenchmark {
  private S3UploadBenchmark() {}

  /**
   * {@code perConnection}: bytes a second each connection may upload through a {@link ThrottlingProxy} in
   * front of S3Proxy, or 0 for none (plain loopback).
   */
  static void run(Path dir, long bytes, int repetitions, long perConnection) throws Exception {
    System.setProperty("s3proxy.jar", System.getProperty("s3proxy.jar", "benchmarks/target/s3proxy/s3proxy.jar"));
    Path file = dir.resolve("upload-input.bin");
    byte[] block = new byte[1 << 20];
    new Random(5).nextBytes(block);
    try (var out = Files.newOutputStream(file)) {
      for (long w = 0; w < bytes; w += block.length) {
        block[0]++;
        out.write(block);
      }
    }
    Path data = Files.createDirectories(dir.resolve("s3-upload-data"));
    double[] staged = new double[repetitions];
    double[] hashThenPut = new double[repetitions];
    double[] multipart = new double[repetitions];
    double[] single = new double[repetitions];
    boolean tls = Boolean.getBoolean("tls");
    Path serverDir = Files.createDirectories(dir.resolve("s3-upload"));
    try (S3ProxyAccess server = tls ? S3ProxyAccess.startTls(serverDir, data)
        : S3ProxyAccess.startPersistent(serverDir, S3ProxyAccess.freePort(), data);
        ThrottlingProxy proxy = new ThrottlingProxy(URI.create(server.endpoint()).getPort(),
            perConnection > 0 ? perConnection : Long.MAX_VALUE)) {
      server.createBucket("upload");
      if (tls && perConnection > 0) {
        throw new IllegalArgumentException("the throttling proxy and -Dtls=true are not combined");
      }
      String endpoint = perConnection > 0 ? "http://127.0.0.1:" + proxy.port() : server.endpoint();
      OkHttpClient.Builder clients = tls ? server.tlsClient() : new OkHttpClient.Builder();
      S3Backend.Builder builder = S3Backend.builder().bucket("upload").endpoint(URI.create(endpoint)).pathStyle(true)
          .region("us-east-1").credentials(Credentials.of(server.identity(), server.credential()))
          .timeout(java.time.Duration.ofMinutes(5));
      S3Backend backend = (tls ? builder.tls(server.sslContext(), server.trustManager()) : builder).build();
      OkHttpClient http = clients.readTimeout(java.time.Duration.ofMinutes(5)).build();
      for (int r = 0; r < repetitions; r++) {
        long start = System.nanoTime();
        ContentPut put = backend.putContent(Payload.of(file), d -> "blobs/" + d.hex()).orElseThrow();
        staged[r] = mibPerSecond(bytes, start);
        check(put.result() == PutResult.CREATED, "staged put created the blob");
        backend.delete("blobs/" + put.digest().hex());

        start = System.nanoTime();
        Digest digest = Sha256.of(file);
        check(backend.putIfAbsent("blobs/" + digest.hex(), Payload.of(file)) == PutResult.CREATED, "hashed put");
        hashThenPut[r] = mibPerSecond(bytes, start);
        backend.delete("blobs/" + digest.hex());

        start = System.nanoTime();
        check(backend.putIfAbsent("blobs/multipart-" + r, Payload.of(file)) == PutResult.CREATED, "multipart put");
        multipart[r] = mibPerSecond(bytes, start);
        backend.delete("blobs/multipart-" + r);

        start = System.nanoTime();
        singlePut(http, server, endpoint, "/upload/single-" + r, file);
        single[r] = mibPerSecond(bytes, start);
        backend.delete("single-" + r);
      }
    } finally {
      Files.deleteIfExists(file);
      IngestBenchmark.delete(data);
    }
    System.out.printf(Locale.ROOT, "upload %d MiB to S3Proxy on loopback (filesystem store)%s%s, %d runs each (MiB/s):%n",
        bytes >> 20, perConnection > 0 ? ", each connection capped at " + (perConnection >> 20) + " MiB/s" : "",
        tls ? ", over HTTPS (payloads UNSIGNED-PAYLOAD)" : "", repetitions);
    print("artifact path: staged + hashed, copied", staged);
    print("hash the file, then multipart put     ", hashThenPut);
    print("multipart put to a known key          ", multipart);
    print("one streaming PUT over OkHttp         ", single);
    System.out.printf(Locale.ROOT, "  ratio artifact path/single PUT        : %.2fx (target >= 1.5x)%n",
        Stats.median(staged) / Stats.median(single));
    System.out.printf(Locale.ROOT, "  ratio multipart put/single PUT        : %.2fx%n",
        Stats.median(multipart) / Stats.median(single));
    System.out.printf(Locale.ROOT, "  ratio artifact path/hash-then-put     : %.2fx%n",
        Stats.median(staged) / Stats.median(hashThenPut));
  }

  private static double mibPerSecond(long bytes, long startNanos) {
    return bytes / ((System.nanoTime() - startNanos) / 1e9) / (1 << 20);
  }

  private static void print(String what, double[] values) {
    System.out.printf(Locale.ROOT, "  %s: median %,.0f  [%s]%n", what, Stats.median(values),
        Stats.list(values, "%,.0f"));
  }

  private static void singlePut(OkHttpClient http, S3ProxyAccess server, String endpointText, String path, Path file)
      throws IOException {
    String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    URI endpoint = URI.create(endpointText);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", endpoint.getHost() + ":" + endpoint.getPort());
    headers.put("x-amz-date", date);
    headers.put("x-amz-content-sha256", SigV4Signer.UNSIGNED_PAYLOAD);
    SigV4Signer.Signature sig = new SigV4Signer(server.identity(), server.credential(), "us-east-1", "s3")
        .sign("PUT", path, Map.of(), headers, SigV4Signer.UNSIGNED_PAYLOAD);
    long length = Files.size(file);
    RequestBody body = new RequestBody() {
      @Override
      public MediaType contentType() {
        return null;
      }

      @Override
      public long contentLength() {
        return length;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
          sink.writeAll(Okio.source(in));
        }
      }
    };
    Request request = new Request.Builder().url(endpointText + path).put(body).header("x-amz-date", date)
        .header("x-amz-content-sha256", SigV4Signer.UNSIGNED_PAYLOAD).header("Authorization", sig.authorization())
        .build();
    try (Response r = http.newCall(request).execute()) {
      if (r.code() != 200) {
        throw new IOException("single PUT failed: " + r.code() + " " + r.body().string());
      }
    }
  }
}
