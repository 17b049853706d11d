package dev.lineage.internal.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our signatures against a real S3 server that checks them, and its conditional-write answers. */
class S3ProxySigningTest {
  @TempDir static Path dir;
  static S3ProxyServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(SigV4Signer signer, String method, String path, byte[] body,
      Map<String, String> extra) throws Exception {
    String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    String hash = SigV4Signer.sha256Hex(body);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", server.hostHeader());
    headers.put("x-amz-date", date);
    headers.put("x-amz-content-sha256", hash);
    headers.putAll(extra);
    SigV4Signer.Signature signature = signer.sign(method, path, Map.of(), headers, hash);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + SigV4Signer.encodePath(path)))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((k, v) -> {
      if (!k.equals("host")) {
        request.header(k, v);
      }
    });
    request.header("Authorization", signature.authorization());
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void signedRequestsAreAcceptedAndIfNoneMatchIsExclusive() throws Exception {
    SigV4Signer signer = new SigV4Signer(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL, "us-east-1", "s3");
    assertEquals(200, send(signer, "PUT", "/signing-test", new byte[0], Map.of()).statusCode());
    byte[] first = "first".getBytes(StandardCharsets.UTF_8);
    assertEquals(200, send(signer, "PUT", "/signing-test/runs/a b+c.json", first, Map.of("if-none-match", "*"))
        .statusCode(), "a key with a space and a plus, encoded once");
    HttpResponse<String> again = send(signer, "PUT", "/signing-test/runs/a b+c.json",
        "second".getBytes(StandardCharsets.UTF_8), Map.of("if-none-match", "*"));
    assertEquals(412, again.statusCode());
    assertEquals(true, again.body().contains("PreconditionFailed"));
    HttpResponse<String> read = send(signer, "GET", "/signing-test/runs/a b+c.json", new byte[0], Map.of());
    assertEquals(200, read.statusCode());
    assertEquals("first", read.body(), "the winner's content is untouched");
  }

  @Test
  void aWrongSecretIsRejected() throws Exception {
    SigV4Signer wrong = new SigV4Signer(S3ProxyServer.IDENTITY, "not-the-credential", "us-east-1", "s3");
    HttpResponse<String> r = send(wrong, "PUT", "/rejected-bucket", new byte[0], Map.of());
    assertEquals(403, r.statusCode(), "signature checking is on");
  }
}
