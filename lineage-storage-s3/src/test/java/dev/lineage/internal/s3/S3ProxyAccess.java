package dev.lineage.internal.s3;

import java.io.IOException;
import java.nio.file.Path;

/** The S3Proxy fixture, for tests in other packages. */
public final class S3ProxyAccess implements AutoCloseable {
  private final S3ProxyServer server;

  private S3ProxyAccess(S3ProxyServer server) {
    this.server = server;
  }

  public static S3ProxyAccess start(Path dir) throws IOException, InterruptedException {
    return new S3ProxyAccess(S3ProxyServer.start(dir));
  }

  /** A server on a fixed port whose objects live in {@code baseDir}, so that a restart finds them. */
  public static S3ProxyAccess startPersistent(Path dir, int port, Path baseDir) throws IOException,
      InterruptedException {
    return new S3ProxyAccess(S3ProxyServer.start(dir, port, baseDir));
  }

  /** A server speaking HTTPS only, with a self-signed certificate; {@link #tlsClient()} trusts it. */
  public static S3ProxyAccess startTls(Path dir) throws IOException, InterruptedException {
    return startTls(dir, null);
  }

  /** Like {@link #startTls(Path)}, its objects in {@code baseDir} (a filesystem store) unless null. */
  public static S3ProxyAccess startTls(Path dir, Path baseDir) throws IOException, InterruptedException {
    return new S3ProxyAccess(S3ProxyServer.start(dir, S3ProxyServer.freePort(), baseDir, true));
  }

  /** The SSL context that trusts this server's certificate. */
  public javax.net.ssl.SSLContext sslContext() {
    return server.sslContext();
  }

  /** The trust manager that trusts this server's certificate. */
  public javax.net.ssl.X509TrustManager trustManager() {
    return server.trustManager();
  }

  /** An OkHttp client builder that trusts the TLS server's certificate. */
  public okhttp3.OkHttpClient.Builder tlsClient() {
    return new okhttp3.OkHttpClient.Builder().sslSocketFactory(server.sslContext().getSocketFactory(),
        server.trustManager());
  }

  public static int freePort() throws IOException {
    return S3ProxyServer.freePort();
  }

  public void createBucket(String name) throws IOException, InterruptedException {
    server.createBucket(name);
  }

  public String endpoint() {
    return server.endpoint();
  }

  public String identity() {
    return S3ProxyServer.IDENTITY;
  }

  public String credential() {
    return S3ProxyServer.CREDENTIAL;
  }

  @Override
  public void close() {
    server.close();
  }
}
