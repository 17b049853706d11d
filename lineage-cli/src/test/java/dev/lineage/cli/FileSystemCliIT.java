package dev.lineage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.RunId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line over a store directory: the scenarios in this JVM (the launcher runs them over S3), and through
 * the launcher what only a local path or a process can get wrong.
 */
class FileSystemCliIT extends CliScenarios {
  @TempDir static Path dir;
  static Path store;
  static Path files;

  @BeforeAll
  static void write() throws Exception {
    store = dir.resolve("store");
    files = Files.createDirectories(dir.resolve("files"));
    writePipeline(Lineage.builder().store(store.toString()), files);
    writeGpuRun(Lineage.builder().store(store.toString()));
  }

  @Override
  String store() {
    return store.toString();
  }

  @Override
  Cli cli() {
    return Cli.inProcess();
  }

  @Override
  Path files() {
    return files;
  }

  @Test
  void theStoreComesFromTheFlagTheEnvironmentOrTheWorkingDirectory() throws Exception {
    assertEquals(5, new Cli(dir).env("LINEAGE_STORE", store.toString()).run("runs", "--json").out()
        .lines().filter(l -> l.contains("\"id\"")).count());
    Path work = Files.createDirectories(dir.resolve("work"));
    copy(store, work.resolve("lineage-store"));
    Cli.Result here = new Cli(work).run("runs");
    assertEquals(0, here.code(), here.toString());
    assertTrue(here.out().contains("gpu-train"), here.toString());
  }

  @Test
  void theLauncherTrainsAClassArchiveOnceABuildAndJdkAndAnswersTheSameWithoutIt() throws Exception {
    Path jar = dir.resolve("copy/lineage.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(Path.of(System.getProperty("lineage.jar")), jar);
    String archive = "lineage.jar." + System.getProperty("java.runtime.version") + ".jsa";
    Cli.Result first = new Cli(dir).env("LINEAGE_JAR", jar.toString()).run("runs", "--json", "--store", store.toString());
    assertEquals(0, first.code(), first.toString());
    assertTrue(Files.isRegularFile(jar.resolveSibling(archive)), "the first run trained " + archive);
    assertTrue(Files.getLastModifiedTime(jar.resolveSibling(archive)).compareTo(Files.getLastModifiedTime(jar)) >= 0);
    Cli.Result mapped = new Cli(dir).env("LINEAGE_JAR", jar.toString())
        .run("runs", "--json", "--store", store.toString());
    Cli.Result plain = new Cli(dir).env("LINEAGE_JAR", jar.toString()).env("LINEAGE_CDS", "off")
        .run("runs", "--json", "--store", store.toString());
    assertEquals(first.out(), mapped.out());
    assertEquals(first.out(), plain.out());
    assertEquals("", mapped.err(), "an archive in use prints nothing");
    List<String> expected = new ArrayList<>(List.of("lineage.jar", archive));
    // Another JDK on this machine (CI has a JDK 25 beside 17) trains its own archive instead of trying this one.
    Optional<Path> other = otherJdk();
    if (other.isPresent()) {
      Cli.Result there = new Cli(dir).env("LINEAGE_JAR", jar.toString()).env("JAVA_HOME", other.get().toString())
          .run("runs", "--json", "--store", store.toString());
      assertEquals(first.out(), there.out(), there.toString());
      expected.add("lineage.jar." + runtimeVersion(other.get()) + ".jsa");
    }
    try (Stream<Path> left = Files.list(jar.getParent())) {
      assertEquals(expected.stream().sorted().toList(), left.map(p -> p.getFileName().toString()).sorted()
          .toList(), "one archive a JDK, and no temporary archive left behind");
    }
  }

  /** A JDK beside the one running the tests whose runtime version differs, if this machine has one. */
  private static Optional<Path> otherJdk() throws IOException {
    Path home = Path.of(System.getProperty("java.home")).toRealPath();
    try (Stream<Path> jdks = Files.list(home.getParent())) {
      return jdks.filter(j -> Files.isExecutable(j.resolve("bin/java")) && Files.isRegularFile(j.resolve("release")))
          .filter(j -> !runtimeVersion(j).isEmpty() && !runtimeVersion(j).equals(runtimeVersion(home)))
          .sorted().findFirst();
    }
  }

  private static String runtimeVersion(Path jdk) {
    try {
      return Files.readAllLines(jdk.resolve("release")).stream().filter(l -> l.startsWith("JAVA_RUNTIME_VERSION=\""))
          .map(l -> l.substring("JAVA_RUNTIME_VERSION=\"".length(), l.length() - 1)).findFirst().orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aStorePathThatIsAFileOrHoldsNoStoreIsAStorageErrorAndNothingIsCreated() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "not a store");
    assertUserError(3, new Cli(dir).run("runs", "--store", file.toString()), "is a file");
    Path missing = dir.resolve("typo-store");
    assertUserError(3, new Cli(dir).run("runs", "--store", missing.toString()), "no Lineage store");
    assertUserError(3, new Cli(dir).run("promote", "churn", "production", "1", "--expect", "none", "--reason", "x",
        "--store", missing.toString()), "no Lineage store");
    assertFalse(Files.exists(missing), "looking at a mistyped store does not create it");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertUserError(3, new Cli(dir).run("verify", "--store", empty.toString()), "no Lineage store");
    assertUserError(2, new Cli(dir).run("runs", "--store", "file:relative"), "file:/path/to/store");
    try (Stream<Path> in = Files.list(empty)) {
      assertEquals(List.of(), in.toList());
    }
  }

  @Test
  void aTruncatedObjectIsNamedByVerifyAndCostsOnlyItsRun() throws Exception {
    Path damaged = dir.resolve("damaged");
    RunId healthy;
    RunId victim;
    try (Lineage lineage = Lineage.builder().store(damaged.toString()).systemMetrics(false).build()) {
      healthy = lineage.run("healthy", run -> {
        run.logParam("n", 1);
        return run.id();
      });
      victim = lineage.run("victim", run -> {
        run.logParam("n", 2);
        return run.id();
      });
    }
    Path journal;
    try (Stream<Path> walk = Files.walk(damaged.resolve("rundata").resolve(victim.value()))) {
      journal = walk.filter(p -> p.toString().contains("/log/") && p.toString().endsWith(".json")).findFirst()
          .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(journal);
    Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Cli cli = new Cli(dir);
    Cli.Result verify = cli.run("verify", "--store", damaged.toString());
    assertEquals(3, verify.code(), verify.toString());
    assertTrue(verify.out().startsWith("DAMAGED"), verify.toString());
    assertTrue(verify.out().contains(victim.value()) && verify.out().contains("CORRUPT"), verify.toString());
    Cli.Result runs = cli.run("runs", "--store", damaged.toString());
    assertEquals(0, runs.code(), runs.toString());
    assertTrue(runs.out().contains(healthy.value()) && !runs.out().contains(victim.value()), runs.toString());
    assertTrue(runs.err().contains("1 damaged object(s) left out"), runs.toString());
    assertUserError(3, cli.run("show", victim.value(), "--store", damaged.toString()), "damaged");
  }

  @Test
  void aSealedEndRewrittenWithItsChecksumRecomputedPassesVerifyAndFailsItWithTheKeyAndTheDoctorExaminesTheFolder() throws Exception {
    Path sealed = dir.resolve("sealed");
    RunId run;
    try (Lineage lineage = Lineage.builder().store(sealed.toString()).systemMetrics(false).build()) {
      run = lineage.run("train", r -> {
        r.logParam("lr", 0.01);
        return r.id();
      });
    }
    Cli cli = new Cli(dir);
    Path key = dir.resolve("keys").resolve("seal.pem");
    Files.createDirectories(key.getParent());
    Cli.Result keygen = cli.run("keygen", key.toString());
    assertOk(keygen);
    assertTrue(keygen.out().contains("seal.pem.pub"), keygen.toString());
    assertUserError(2, cli.run("seal", "--key", key + ".pub", "--store", sealed.toString()), "private key");
    Cli.Result seal = cli.run("seal", "--key", key.toString(), "--store", sealed.toString());
    assertOk(seal);
    assertTrue(seal.out().startsWith("checkpoint 1 sealed 2 heads"), seal.toString());
    String trust = key + ".pub";
    Cli.Result proven = cli.run("verify", "--trust", trust, "--store", sealed.toString());
    assertOk(proven);
    assertTrue(proven.out().contains("held to checkpoint 1"), proven.toString());

    Path end = sealed.resolve("rundata").resolve(run.value()).resolve("end.json");
    String body = Files.readString(end);
    String plain = body.substring(0, body.lastIndexOf(",\"checksum\":")).replace("\"SUCCEEDED\"", "\"FAILED\"");
    String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest((plain + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Files.delete(end);
    Files.writeString(end, plain + ",\"checksum\":\"sha256:" + hex + "\"}");
    assertOk(cli.run("verify", "--store", sealed.toString()));
    Cli.Result caught = cli.run("verify", "--trust", trust, "--store", sealed.toString());
    assertEquals(3, caught.code(), caught.toString());
    assertTrue(caught.out().contains("rundata/" + run.value() + "/end.json") && caught.out().contains("rewritten since "
        + "checkpoint 1"), caught.toString());

    Cli.Result doctor = cli.run("doctor", "--store", sealed.toString());
    assertOk(doctor);
    assertTrue(doctor.out().contains("put-if-absent-atomic") && doctor.out().contains("Many writers can share this "
        + "store safely."), doctor.toString());

    Path other = dir.resolve("keys").resolve("other.pem");
    assertOk(cli.run("keygen", other.toString()));
    assertUserError(2, cli.run("verify", "--trust", other + ".pub", "--store", sealed.toString()),
        "no checkpoint in the store is validly signed by key");
  }

  @Test
  void aProtectedAliasIsProposedByPromoteAndCannotBeApprovedByItsProposer() throws Exception {
    Path protectedStore = dir.resolve("protected");
    copy(store, protectedStore);
    Cli cli = new Cli(dir);
    String at = protectedStore.toString();
    assertUserError(2, cli.run("protect", "production", "--second-approval", "--reason", " ", "--store", at),
        "reason");
    Cli.Result protect = cli.run("protect", "production", "--second-approval", "--reason", "two people", "--store",
        at);
    assertOk(protect);
    assertTrue(protect.out().contains("second principal"), protect.toString());
    com.fasterxml.jackson.databind.JsonNode moves = JSON.readTree(cli.run("history", "churn", "production", "--json",
        "--store", at).out());
    int now = moves.get(moves.size() - 1).get("to").asInt();
    long next = moves.size() + 1;
    Cli.Result promote = cli.run("promote", "churn", "production", Integer.toString(3 - now), "--expect",
        Integer.toString(now), "--reason", "candidate", "--store", at);
    assertOk(promote);
    assertTrue(promote.out().contains("proposed as move #" + next) && promote.out().contains("lineage approve churn "
        + "production " + next), promote.toString());
    assertUserError(2, cli.run("approve", "churn", "production", Long.toString(next), "--reason", "me again",
        "--store", at), "cannot approve it");
    assertUserError(1, cli.run("approve", "churn", "production", "1", "--reason", "wrong one", "--store", at),
        "no pending proposal 1");
    Cli.Result history = cli.run("history", "churn", "production", "--store", at);
    assertTrue(history.out().contains("proposal") && history.out().contains("KIND"), history.toString());
    assertOk(cli.run("verify", "--store", at));
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
