package dev.lineage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Looking changes nothing: every reading command, run as a user would inside a git work tree, over a store whose
 * files are read-only, calls no {@code git} (a {@code git} first on PATH records every call) and leaves every file
 * of the store and of the user's cache directory as it was. As root the permissions stop nothing, so the test
 * compares the store's files before and after, whoever runs it.
 */
class ReadOnlyCommandsIT {
  @TempDir static Path dir;
  static Path store;
  static Path files;
  static Path work;
  static Path gitCalls;
  static Path cache;
  static Map<String, String> before;

  @BeforeAll
  static void write() throws Exception {
    store = dir.resolve("store");
    files = Files.createDirectories(dir.resolve("files"));
    CliScenarios.writePipeline(Lineage.builder().store(store.toString()), files);
    work = Files.createDirectories(dir.resolve("work"));
    Files.createDirectories(work.resolve(".git"));
    Files.writeString(work.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    gitCalls = dir.resolve("git-calls.log");
    Path git = Files.writeString(bin.resolve("git"), "#!/bin/sh\necho \"git $*\" >> '" + gitCalls + "'\nexit 0\n");
    Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
    cache = dir.resolve("cache");
    setWritable(store, false);
    before = snapshot(store);
  }

  @AfterAll
  static void restore() throws IOException {
    setWritable(store, true); // so that the temporary directory can be removed
  }

  private static void setWritable(Path root, boolean writable) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p)
            ? (writable ? "rwxr-xr-x" : "r-xr-xr-x") : (writable ? "rw-r--r--" : "r--r--r--")));
      }
    }
  }

  /** Every file and directory under {@code root}, with its size and modification time. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        out.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  private Cli cli() {
    return new Cli(work).env("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"))
        .env("XDG_CACHE_HOME", cache.toString()).env("LINEAGE_CDS", "off").env("LINEAGE_STORE", store.toString());
  }

  private void assertLookedOnly(String what) throws IOException {
    assertEquals(before, snapshot(store), what + " changed the store");
    assertFalse(Files.exists(gitCalls), what + " called git: "
        + (Files.exists(gitCalls) ? Files.readString(gitCalls) : ""));
    assertFalse(Files.exists(cache), what + " wrote to the user's cache directory");
  }

  @Test
  void everyReadingCommandCallsNoGitAndWritesNothing() throws Exception {
    String trainA = CliScenarios.trainA.value();
    String trainB = CliScenarios.trainB.value();
    List<List<String>> commands = List.of(
        List.of("runs"),
        List.of("runs", "--param", "learning_rate=0.01", "--metric", "auc>0.5", "--json"),
        List.of("show", trainA),
        List.of("diff", trainA, trainB),
        List.of("upstream", "churn:production"),
        List.of("downstream", files.resolve("raw.csv").toString()),
        List.of("path", files.resolve("raw.csv").toString(), "churn@1"),
        List.of("used", files.resolve("train.csv").toString()),
        List.of("models"),
        List.of("versions", "churn"),
        List.of("history", "churn", "production"),
        List.of("gpu"),
        List.of("verify"),
        List.of("export", "openlineage", "--to", "-"),
        List.of("report", "--out", dir.resolve("report.html").toString()));
    List<String> failures = new ArrayList<>();
    for (List<String> command : commands) {
      Cli.Result r = cli().run(command.toArray(String[]::new));
      if (r.code() != 0) {
        failures.add(String.join(" ", command) + ": " + r);
      }
      assertLookedOnly("lineage " + String.join(" ", command));
    }
    assertEquals(List.of(), failures);
    assertTrue(Files.size(dir.resolve("report.html")) > 0);
  }

  @Test
  void theUiServesItsPagesWithoutWriting() throws Exception {
    String jar = System.getProperty("lineage.jar");
    ProcessBuilder pb = new ProcessBuilder("sh", Path.of("bin/lineage").toAbsolutePath().toString(), "ui", "--port",
        "0").directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("LINEAGE_JAR", jar);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.environment().put("LINEAGE_CDS", "off");
    pb.environment().put("LINEAGE_STORE", store.toString());
    Process ui = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8));
      String url = null;
      StringBuilder seen = new StringBuilder();
      for (String line = out.readLine(); line != null && url == null; line = out.readLine()) {
        seen.append(line).append('\n');
        if (line.startsWith("Lineage UI on ")) {
          url = line.substring("Lineage UI on ".length(), line.indexOf(' ', "Lineage UI on ".length()));
        }
      }
      assertTrue(url != null, seen.toString());
      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("churn"), "the page shows the store");
    } finally {
      ui.destroy();
      assertTrue(ui.waitFor(1, TimeUnit.MINUTES));
    }
    assertLookedOnly("lineage ui");
  }
}
