package dev.lineage.internal.s3;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: S3Proxy started as its own JVM on loopback, with SigV4 signature checking on and
 * an in-memory (transient-nio2) blob store, where If-None-Match: * is atomic. Stopped (killed) by close(). Its
 * heap holds every object the tests of one JVM store (several 100 MiB ones among them): 2 GiB at most.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String IDENTITY = "lineage-test-identity";
  static final String CREDENTIAL = "lineage-test-credential";

  static final String KEYSTORE_PASSWORD = "lineage-test-keystore";

  private final Process process;
  private final int port;
  private final Path log;
  private final Path keystore;

  private S3ProxyServer(Process process, int port, Path log, Path keystore) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.keystore = keystore;
  }

  static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
    return start(dir, freePort(), null);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** On {@code port}; with {@code baseDir}, a filesystem blob store there that outlives the process. */
  static S3ProxyServer start(Path dir, int port, Path baseDir) throws IOException, InterruptedException {
    return start(dir, port, baseDir, false);
  }

  /**
   * Like {@link #start(Path, int, Path)}; with {@code tls}, HTTPS only, with a self-signed certificate for
   * 127.0.0.1 made by the JDK's keytool (trust it with {@link #sslContext()}).
   */
  static S3ProxyServer start(Path dir, int port, Path baseDir, boolean tls) throws IOException, InterruptedException {
    String jar = System.getProperty("s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("s3proxy.jar system property does not name the S3Proxy jar: " + jar);
    }
    Path keystore = tls ? keystore(dir, port) : null;
    Path conf = Files.writeString(dir.resolve("s3proxy-" + port + ".conf"), String.join("\n",
        tls ? "s3proxy.secure-endpoint=https://127.0.0.1:" + port : "s3proxy.endpoint=http://127.0.0.1:" + port,
        tls ? "s3proxy.keystore-path=" + keystore : "",
        tls ? "s3proxy.keystore-password=" + KEYSTORE_PASSWORD : "",
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + IDENTITY,
        "s3proxy.credential=" + CREDENTIAL,
        baseDir == null ? "jclouds.provider=transient-nio2" : "jclouds.provider=filesystem-nio2",
        baseDir == null ? "" : "jclouds.filesystem.basedir=" + baseDir,
        "jclouds.identity=" + IDENTITY,
        "jclouds.credential=" + CREDENTIAL, ""));
    Path log = dir.resolve("s3proxy-" + port + "-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g", "-jar", jar, "--properties", conf.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3ProxyServer server = new S3ProxyServer(p, port, log, keystore);
    try {
      ServerProcesses.awaitListening(p, port, log, "S3Proxy", java.time.Duration.ofSeconds(60));
    } catch (IllegalStateException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Creates a bucket with a signed request (the backend itself never creates buckets). */
  void createBucket(String name) throws IOException, InterruptedException {
    String date = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("host", hostHeader());
    headers.put("x-amz-date", date);
    headers.put("x-amz-content-sha256", SigV4Signer.EMPTY_SHA256);
    SigV4Signer.Signature sig = new SigV4Signer(IDENTITY, CREDENTIAL, "us-east-1", "s3")
        .sign("PUT", "/" + name, java.util.Map.of(), headers, SigV4Signer.EMPTY_SHA256);
    java.net.http.HttpClient client = keystore == null ? java.net.http.HttpClient.newHttpClient()
        : java.net.http.HttpClient.newBuilder().sslContext(sslContext()).build();
    java.net.http.HttpResponse<String> r = client.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint() + "/" + name))
            .PUT(java.net.http.HttpRequest.BodyPublishers.noBody())
            .header("x-amz-date", date).header("x-amz-content-sha256", SigV4Signer.EMPTY_SHA256)
            .header("Authorization", sig.authorization()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("cannot create bucket " + name + ": " + r.statusCode() + " " + r.body());
    }
  }

  String endpoint() {
    return (keystore == null ? "http://" : "https://") + "127.0.0.1:" + port;
  }

  private static Path keystore(Path dir, int port) throws IOException, InterruptedException {
    Path keystore = dir.resolve("s3proxy-" + port + ".jks");
    Files.deleteIfExists(keystore);
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "s3proxy", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "JKS", "-keystore", keystore.toString(),
        "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    return keystore;
  }

  /** Trusts this server's certificate (and nothing else). */
  javax.net.ssl.X509TrustManager trustManager() {
    try (java.io.InputStream in = Files.newInputStream(keystore)) {
      java.security.KeyStore store = java.security.KeyStore.getInstance("JKS");
      store.load(in, KEYSTORE_PASSWORD.toCharArray());
      javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
          javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return (javax.net.ssl.X509TrustManager) factory.getTrustManagers()[0];
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test keystore " + keystore, e);
    }
  }

  javax.net.ssl.SSLContext sslContext() {
    try {
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String hostHeader() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
