package dev.lineage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.storage.s3.Credentials;
import dev.lineage.storage.s3.S3Backend;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same scenarios over S3 (S3Proxy, signatures checked), with the store given as an s3:// URI. The scenarios run
 * in this JVM, their credentials from the profile in {@code ~/.aws/credentials}; through the launcher and the built
 * jar, as a user's shell runs them, go the commands that show the jar finds S3 with credentials from the
 * environment, and the retries said on stderr.
 */
class S3CliIT extends CliScenarios {
  @TempDir static Path dir;
  static S3ProxyAccess server;
  static Path files;
  static String home;

  @BeforeAll
  static void write() throws Exception {
    server = S3ProxyAccess.start(Files.createDirectories(dir.resolve("s3proxy")));
    // The S3 client reads ~/.aws from user.home, and this class has its JVM to itself (one fork per class).
    Path aws = Files.createDirectories(dir.resolve("home/.aws"));
    Files.writeString(aws.resolve("credentials"), "[default]\naws_access_key_id = " + server.identity()
        + "\naws_secret_access_key = " + server.credential() + "\n");
    home = System.setProperty("user.home", aws.getParent().toString());
    server.createBucket("ml-bucket");
    files = Files.createDirectories(dir.resolve("files"));
    writePipeline(Lineage.builder().backend(backend()), files);
    writeGpuRun(Lineage.builder().backend(backend()));
  }

  @AfterAll
  static void stop() {
    System.setProperty("user.home", home);
    if (server != null) {
      server.close();
    }
  }

  private static S3Backend backend() {
    return S3Backend.builder().bucket("ml-bucket").prefix("team/lineage").endpoint(URI.create(server.endpoint()))
        .pathStyle(true).region("us-east-1").credentials(Credentials.of(server.identity(), server.credential()))
        .build();
  }

  @Test
  void theBuiltJarReadsAnS3StoreWithCredentialsFromTheEnvironment() throws Exception {
    Cli launcher = launcher();
    Cli.Result runs = launcher.run("runs", "--json", "--store", store());
    assertOk(runs);
    assertEquals(5, JSON.readTree(runs.out()).size(), runs.toString());
    Cli.Result show = launcher.run("show", trainA.value(), "--store", store());
    assertOk(show);
    assertTrue(show.out().contains(trainA.value()) && show.out().contains("learning_rate"), show.toString());
    Cli.Result unsigned = launcher().env("AWS_SECRET_ACCESS_KEY", "not-the-secret").run("runs", "--store", store());
    assertEquals(3, unsigned.code(), "S3Proxy checks signatures: " + unsigned);
  }

  @Test
  void anEndpointThatDoesNotAnswerIsSaidOnStderrBeforeTheRetriesEnd() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort(); // nothing listens there once it is closed: every connection is refused
    }
    Cli.Result r = launcher().run("runs", "--store", "s3://ml-bucket/team/lineage?endpoint=http://127.0.0.1:" + closed
        + "&pathStyle=true&region=us-east-1");
    assertEquals(3, r.code(), r.toString());
    String[] lines = r.err().strip().split("\n");
    assertTrue(lines.length >= 2 && lines[0].startsWith("lineage: s3://ml-bucket at http://127.0.0.1:" + closed)
        && lines[0].contains("retrying, up to 6 attempts"), "said first, while it retried (silence before): " + r);
  }

  @Override
  String store() {
    return "s3://ml-bucket/team/lineage?endpoint=" + server.endpoint() + "&pathStyle=true&region=us-east-1";
  }

  @Override
  Cli cli() {
    return Cli.inProcess();
  }

  /** A process through the launcher, its credentials in the environment. */
  private static Cli launcher() {
    return new Cli(dir).env("AWS_ACCESS_KEY_ID", server.identity()).env("AWS_SECRET_ACCESS_KEY", server.credential());
  }

  @Override
  Path files() {
    return files;
  }
}
