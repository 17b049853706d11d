package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.CorruptObjectException;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.StoreProblem;
import dev.lineage.UnsupportedVersionException;
import dev.lineage.maintenance.VerifyReport;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage is never read as fact, and one damaged object costs its own answer alone. Each test damages the store
 * the way people and disks do (an edit, a flipped digit, a truncation, a deleted file, a stray file) and checks
 * that the read is a typed error naming the key, that everything else still answers, and that verify() finds it.
 *
 * @since 0.1.0
 */
public abstract class RecordIntegrityConformanceTest {
  /** A folder of the test's own (caches, files to record), deleted after it. */
  @TempDir protected Path tmp;
  /** The backend under test: a new one, from {@code newBackend()}, for each test. */
  protected StorageBackend backend;
  /** A Lineage over the backend under test, opened before each test and closed after it. */
  protected Lineage lineage;
  private RunId damaged;
  private RunId healthy;
  private Artifact model;

  /** A new, empty backend; the Lineage built over it closes it. */
  protected abstract StorageBackend newBackend() throws Exception;

  @BeforeEach
  void fixture() throws Exception {
    backend = newBackend();
    lineage = builder().build();
    Path data = Files.writeString(tmp.resolve("train.csv"), "x,y\n1,2\n");
    damaged = lineage.run("train", run -> {
      run.logParam("lr", 0.01);
      run.use(data, "train-data");
      for (int step = 0; step < 5000; step++) {
        run.logMetric("loss", 1.0 / (step + 1), step);
      }
      model = run.produce(Files.writeString(tmp.resolve("model.bin"), "weights"), "cm-model");
      return run.id();
    });
    healthy = lineage.run("train", run -> {
      run.logParam("lr", 0.02);
      run.use(data, "train-data");
      return run.id();
    });
    lineage.registry().register("cm", model, damaged);
    lineage.registry().moveAlias(AliasMoveRequest.builder("cm", "production").expectingNone().to(1).reason("first")
        .build());
  }

  private Lineage.Builder builder() {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .workDir(tmp.resolve("work")).systemMetrics(false);
  }

  private Lineage other;

  @AfterEach
  void close() {
    if (other != null) {
      other.close();
    }
    lineage.close();
  }

  /** A second Lineage over the same objects, so nothing cached from before the damage answers. */
  private Lineage reopened() {
    other = Lineage.builder().backend(ForwardingBackend.unclosed(backend)).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .workDir(tmp.resolve("work")).systemMetrics(false).build();
    return other;
  }

  /** The run's journal batch that holds {@code text}. */
  private String journalOf(RunId run, String text) {
    return backend.listAll(DocumentedKeys.runData(run) + "log/").stream().map(ObjectInfo::key)
        .filter(k -> read(k).contains(text)).findFirst().orElseThrow();
  }

  private String read(String key) {
    return Tamper.read(backend, key);
  }

  /** Replaces an object's bytes as a person with an editor would: the backend never overwrites, so delete, put. */
  private void edit(String key, UnaryOperator<String> change) {
    String before = read(key);
    String after = change.apply(before);
    assertFalse(before.equals(after), "the edit changed nothing in " + key);
    backend.delete(key);
    backend.putIfAbsent(key, Payload.of(after.getBytes(StandardCharsets.UTF_8)));
  }

  private void assertOthersStillAnswer(Lineage l, String key) {
    List<RunRecord> runs = l.runs(RunQuery.all());
    assertEquals(List.of(healthy), runs.stream().map(RunRecord::id).toList(), "the damaged run is left out");
    LineageGraph graph = l.graph();
    assertTrue(graph.consumers(runs.get(0).inputs().get(0).digest()).contains(healthy));
    assertTrue(graph.problems().stream().anyMatch(p -> p.key().equals(key)),
        "the graph names the damaged object " + key + ": " + graph.problems());
    VerifyReport report = l.maintenance().verify();
    assertTrue(report.problems().stream().anyMatch(p -> p.key().equals(key)),
        "verify names " + key + ": " + report.problems());
  }

  @Test
  void theNewestListingLeavesADamagedTailRunOutAndSaysSoButAnswersAnIndexedOneFromTheIndex() {
    lineage.publishIndex(); // both runs indexed while healthy
    RunId late = lineage.run("train", run -> {
      run.logParam("lr", 0.03);
      return run.id();
    });
    String lateJournal = journalOf(late, "\"0.03\"");
    edit(lateJournal, s -> s.replace("\"0.03\"", "\"0.09\""));
    RunQuery newest = RunQuery.all().limit(10);
    List<StoreProblem> heard = new CopyOnWriteArrayList<>();
    try (Lineage l = reopenedHearing(heard)) {
      assertEquals(List.of(healthy, damaged), l.runs(newest).stream().map(RunRecord::id).toList(),
          "the damaged tail run is left out");
      assertEquals(List.of(Optional.of(late)), heard.stream().map(StoreProblem::run).toList(),
          "the listener hears of it once: " + heard);
      assertEquals(l.graph().search(newest), l.runs(newest));
    }

    edit(journalOf(damaged, "\"0.01\""), s -> s.replace("\"0.01\"", "\"0.07\""));
    heard.clear();
    try (Lineage l = reopenedHearing(heard)) {
      List<RunRecord> listed = l.runs(newest);
      assertEquals(List.of(healthy, damaged), listed.stream().map(RunRecord::id).toList(),
          "a run damaged after it was indexed answers from the index, as every search does");
      assertEquals(l.graph().search(newest), listed);
    }
  }

  private Lineage reopenedHearing(List<StoreProblem> heard) {
    return Lineage.builder().backend(ForwardingBackend.unclosed(backend)).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .workDir(tmp.resolve("work")).systemMetrics(false).autoIndex(0).problemListener(heard::add).build();
  }

  @Test
  void aOneDigitEditOfAJournalIsCorruptionNotAFact() {
    String journal = journalOf(damaged, "\"0.01\"");
    edit(journal, s -> s.replace("\"0.01\"", "\"0.07\""));
    Lineage l = reopened();
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> l.runRecord(damaged));
    assertEquals(journal, e.key());
    assertOthersStillAnswer(l, journal);
  }

  @Test
  void aFlippedDigitInAnArtifactDigestIsCorruption() {
    String hex = model.digest().hex();
    String journal = journalOf(damaged, hex);
    char flipped = hex.charAt(10) == '0' ? '1' : '0';
    edit(journal, s -> s.replace(hex, hex.substring(0, 10) + flipped + hex.substring(11)));
    Lineage l = reopened();
    assertEquals(journal, assertThrows(CorruptObjectException.class, () -> l.runRecord(damaged)).key());
    assertOthersStillAnswer(l, journal);
  }

  @Test
  void truncatedStartAndEndRecordsCostTheirRunAlone() {
    String start = DocumentedKeys.runStart(damaged);
    edit(start, s -> s.substring(0, s.length() / 2));
    Lineage l = reopened();
    assertEquals(start, assertThrows(CorruptObjectException.class, () -> l.runRecord(damaged)).key());
    assertOthersStillAnswer(l, start);
  }

  @Test
  void aTruncatedEndRecordCostsItsRunAlone() {
    String end = DocumentedKeys.runEnd(damaged);
    edit(end, s -> s.substring(0, s.length() - 3));
    Lineage l = reopened();
    assertEquals(end, assertThrows(CorruptObjectException.class, () -> l.runRecord(damaged)).key());
    assertOthersStillAnswer(l, end);
  }

  @Test
  void aDeletedMetricSegmentIsAnErrorNotAnEmptySeries() {
    String segment = backend.listAll(DocumentedKeys.runData(damaged) + "metrics/").get(0).key();
    backend.delete(segment);
    Lineage l = reopened();
    assertEquals(5000, l.runRecord(damaged).metrics().get("loss").count(), "the summary still says 5,000");
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> l.metric(damaged, "loss"));
    assertEquals(segment, e.key());
    assertTrue(l.maintenance().verify().problems().stream()
        .anyMatch(p -> p.key().equals(segment) && p.kind() == StoreProblem.Kind.DANGLING));
  }

  @Test
  void aStrayFileUnderRunsIsReportedAndEveryRunStillAnswers() {
    String stray = "runs/010000/README-for-these-runs-abcd.json"; // shaped like a start record, not one
    backend.putIfAbsent(stray, Payload.of("remember to retrain".getBytes(StandardCharsets.UTF_8)));
    Lineage l = reopened();
    assertEquals(List.of(healthy, damaged), l.runs(RunQuery.all()).stream().map(RunRecord::id).toList());
    assertTrue(l.graph().problems().stream().anyMatch(p -> p.key().equals(stray)
        && p.kind() == StoreProblem.Kind.STRAY), l.graph().problems().toString());
  }

  @Test
  void aFlippedDigitInARegistryVersionIsReportedNotASilentlyEmptyLineage() {
    String version = DocumentedKeys.modelVersion("cm", 1);
    String hex = model.digest().hex();
    char flipped = hex.charAt(5) == '0' ? '1' : '0';
    edit(version, s -> s.replace(hex, hex.substring(0, 5) + flipped + hex.substring(6)));
    Lineage l = reopened();
    assertEquals(version, assertThrows(CorruptObjectException.class, () -> l.registry().version("cm", 1)).key());
    LineageGraph graph = l.graph();
    assertThrows(NotFoundException.class, () -> graph.upstream(Node.modelVersion("cm", 1)),
        "an unreadable version is not an empty lineage");
    assertTrue(graph.problems().stream().anyMatch(p -> p.key().equals(version)), graph.problems().toString());
    assertEquals(List.of(healthy, damaged), l.runs(RunQuery.all()).stream().map(RunRecord::id).toList());
  }

  @Test
  void aTruncatedAliasMoveBreaksThatAliasAloneNotTheGraph() {
    String move = backend.listAll("registry/models/cm/aliases/production/").get(0).key();
    edit(move, s -> s.substring(0, 20));
    Lineage l = reopened();
    assertEquals(move, assertThrows(CorruptObjectException.class, () -> l.registry().alias("cm", "production"))
        .key());
    LineageGraph graph = l.graph();
    assertTrue(graph.downstream(Node.artifact(model.digest())).modelVersions().contains("cm@1"));
    assertFalse(graph.downstream(Node.artifact(model.digest())).aliases().containsKey("cm:production"),
        "where the alias points cannot be told, so it is not guessed");
    assertEquals(List.of("cm"), l.registry().models());
  }

  @Test
  void aDocumentFromANewerVersionIsRefusedByName() {
    String end = DocumentedKeys.runEnd(damaged);
    backend.delete(end);
    backend.putIfAbsent(end, Payload.of(("{\"format\":\"lineage.run-end\",\"version\":9,\"runId\":\"" + damaged
        + "\"}").getBytes(StandardCharsets.UTF_8)));
    Lineage l = reopened();
    UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, () -> l.runRecord(damaged));
    assertEquals(end, e.key());
    assertEquals(9, e.version());
    assertOthersStillAnswer(l, end);
  }

  @Test
  void aCorruptBlobReadThroughOpenArtifactIsATypedErrorAndIsQuarantinedNotDeleted() throws IOException {
    String blob = DocumentedKeys.blob(model.digest());
    edit(blob, s -> s.toUpperCase(java.util.Locale.ROOT));
    Lineage l = reopened();
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> {
      try (InputStream in = l.openArtifact(model)) {
        in.readAllBytes();
      }
    });
    assertEquals(blob, e.key());
    assertFalse(backend.listAll("quarantine/").isEmpty(), "the bad bytes are kept");
  }

  /** Puts {@code from}'s bytes in {@code to}'s place: a valid document copied where another belongs. */
  private void copyOver(String from, String to) {
    byte[] bytes = read(from).getBytes(StandardCharsets.UTF_8);
    backend.delete(to);
    backend.putIfAbsent(to, Payload.of(bytes));
  }

  private void assertVerifyNames(Lineage l, String key, StoreProblem.Kind kind) {
    VerifyReport report = l.maintenance().verify();
    assertFalse(report.ok());
    assertTrue(report.problems().stream().anyMatch(p -> p.key().equals(key) && p.kind() == kind),
        "verify names " + key + " as " + kind + ": " + report.problems());
  }

  /** Registers cm@2, made by a second training run. */
  private void registerASecondVersion() throws IOException {
    Artifact second = lineage.run("retrain", run -> run.produce(Files.writeString(tmp.resolve("model2.bin"),
        "weights 2"), "cm-model"));
    lineage.registry().register("cm", second);
  }

  /** A run whose owner committed three journal batches, one param each; their keys in order. */
  private List<String> threeBatches(String name) {
    RunId id = lineage.run(name, run -> {
      for (String p : List.of("a", "b", "c")) {
        run.logParam(p, 1L);
        run.flush();
      }
      return run.id();
    });
    List<String> batches = backend.listAll(DocumentedKeys.runData(id) + "log/").stream().map(ObjectInfo::key)
        .toList();
    assertEquals(3, batches.size(), batches.toString());
    return batches;
  }

  @Test
  void anotherRunsValidJournalBatchInThisRunsPlaceIsCorruptionNotTheOtherRunsParams() {
    String mine = journalOf(damaged, "\"0.01\"");
    copyOver(journalOf(healthy, "\"0.02\""), mine);
    Lineage l = reopened();
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> l.runRecord(damaged));
    assertEquals(mine, e.key());
    assertTrue(e.getMessage().contains("not its own"), e.getMessage());
    assertOthersStillAnswer(l, mine);
  }

  @Test
  void aLaterBatchOfTheSameWriterInAnEarlierOnesPlaceIsCorruption() {
    List<String> batches = threeBatches("three");
    copyOver(batches.get(2), batches.get(0));
    Lineage l = reopened();
    RunId id = l.runs(RunQuery.all().name("three")).stream().findFirst().map(RunRecord::id).orElse(null);
    assertEquals(null, id, "the run is left out of listings");
    assertVerifyNames(l, batches.get(0), StoreProblem.Kind.CORRUPT);
  }

  @Test
  void anotherRunsEndInThisRunsPlaceIsCorruptionNotTheOtherRunsOutcome() {
    String end = DocumentedKeys.runEnd(damaged);
    copyOver(DocumentedKeys.runEnd(healthy), end);
    Lineage l = reopened();
    assertEquals(end, assertThrows(CorruptObjectException.class, () -> l.runRecord(damaged)).key());
    assertOthersStillAnswer(l, end);
  }

  @Test
  void aJournalBatchDeletedWhileLaterOnesRemainIsAGapNotFewerParams() {
    List<String> batches = threeBatches("three");
    backend.delete(batches.get(1));
    Lineage l = reopened();
    assertTrue(l.runs(RunQuery.all().name("three")).isEmpty(), "the run is left out, not shown without param b");
    assertTrue(l.graph().problems().stream().anyMatch(p -> p.key().equals(batches.get(1))),
        l.graph().problems().toString());
    assertVerifyNames(l, batches.get(1), StoreProblem.Kind.DANGLING);
  }

  @Test
  void theOwnersLastBatchDeletedAfterTheRunEndedIsAGapTheEndNames() {
    List<String> batches = threeBatches("three");
    backend.delete(batches.get(2));
    Lineage l = reopened();
    assertTrue(l.runs(RunQuery.all().name("three")).isEmpty(), "not a run with params a and b that ended well");
    assertVerifyNames(l, batches.get(2), StoreProblem.Kind.DANGLING);
  }

  @Test
  void aRegistryVersionDeletedWhileALaterOneRemainsIsNamedAndTheAliasOnItIsCorruptNotMissing() throws Exception {
    registerASecondVersion();
    String first = DocumentedKeys.modelVersion("cm", 1);
    backend.delete(first);
    List<StoreProblem> heard = new CopyOnWriteArrayList<>();
    try (Lineage l = reopenedHearing(heard)) {
      assertEquals(List.of(2), l.registry().versions("cm").stream().map(v -> v.version()).toList());
      assertTrue(heard.stream().anyMatch(p -> p.key().equals(first)), "the listing says what it left out: " + heard);
      assertEquals(first, assertThrows(CorruptObjectException.class, () -> l.registry().alias("cm", "production"))
          .key(), "the alias points at a version that was deleted: damage, not 'not found'");
      assertTrue(l.graph().problems().stream().anyMatch(p -> p.key().equals(first)), l.graph().problems()
          .toString());
      assertVerifyNames(l, first, StoreProblem.Kind.DANGLING);
    }
  }

  @Test
  void anotherValidVersionInAVersionsPlaceIsCorruptionAndLeftOutOfTheListing() throws Exception {
    registerASecondVersion();
    String first = DocumentedKeys.modelVersion("cm", 1);
    copyOver(DocumentedKeys.modelVersion("cm", 2), first);
    Lineage l = reopened();
    assertEquals(first, assertThrows(CorruptObjectException.class, () -> l.registry().version("cm", 1)).key());
    assertEquals(first, assertThrows(CorruptObjectException.class, () -> l.registry().alias("cm", "production"))
        .key(), "never the wrong model");
    assertEquals(List.of(2), l.registry().versions("cm").stream().map(v -> v.version()).toList(),
        "a damaged version is left out of the listing, not an exception for the whole model");
    assertVerifyNames(l, first, StoreProblem.Kind.CORRUPT);
  }

  @Test
  void anAliasMoveDeletedWhileALaterOneRemainsIsAGapInItsHistory() throws Exception {
    registerASecondVersion();
    lineage.registry().moveAlias(AliasMoveRequest.builder("cm", "production").expecting(1).to(2).reason("better")
        .build());
    String firstMove = backend.listAll("registry/models/cm/aliases/production/").get(0).key();
    backend.delete(firstMove);
    Lineage l = reopened();
    assertEquals(firstMove, assertThrows(CorruptObjectException.class,
        () -> l.registry().aliasHistory("cm", "production")).key(), "never a silently shorter history");
    assertVerifyNames(l, firstMove, StoreProblem.Kind.DANGLING);
  }

  @Test
  void aDocumentRewrittenAsVersionOneWithoutAChecksumIsADowngradeNotARecord() {
    String end = DocumentedKeys.runEnd(damaged);
    backend.delete(end);
    backend.putIfAbsent(end, Payload.of(("{\"format\":\"lineage.run-end\",\"version\":1,\"runId\":\"" + damaged
        + "\",\"status\":\"FAILED\",\"endedAt\":1,\"failure\":\"rewritten\"}").getBytes(StandardCharsets.UTF_8)));
    Lineage l = reopened();
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> l.runRecord(damaged));
    assertEquals(end, e.key());
    assertTrue(e.getMessage().contains("downgrade"), e.getMessage());
    assertOthersStillAnswer(l, end);
  }

  @Test
  void aHealthyStoreVerifies() {
    VerifyReport report = lineage.maintenance().verify();
    assertTrue(report.ok(), report.problems().toString());
    assertTrue(report.objects() > 10);
    assertEquals(0, report.unchained(), "every batch, end, version and move this Lineage writes names its predecessor");
  }

  private void reseal(String key, UnaryOperator<String> change) {
    Tamper.reseal(backend, key, change);
  }

  @Test
  void aMiddleBatchRewrittenWithItsChecksumRecomputedBreaksTheLinkOfTheBatchAfterIt() {
    List<String> batches = threeBatches("three");
    reseal(batches.get(1), s -> s.replace("\"key\":\"b\"", "\"key\":\"x\""));
    Lineage l = reopened();
    assertTrue(l.runs(RunQuery.all().name("three")).isEmpty(), "not a run with param x");
    RunId id = RunId.of(batches.get(1).split("/")[1]);
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> l.runRecord(id));
    assertEquals(batches.get(2), e.key());
    assertTrue(e.getMessage().contains(batches.get(1)), "names the predecessor: " + e.getMessage());
    assertVerifyNames(l, batches.get(2), StoreProblem.Kind.CORRUPT);
  }

  @Test
  void theOwnersLastBatchRewrittenWithItsChecksumRecomputedBreaksTheEndsLink() {
    List<String> batches = threeBatches("three");
    reseal(batches.get(2), s -> s.replace("\"key\":\"c\"", "\"key\":\"x\""));
    String end = batches.get(2).substring(0, batches.get(2).indexOf("/log/")) + "/end.json";
    Lineage l = reopened();
    assertTrue(l.runs(RunQuery.all().name("three")).isEmpty(), "not a run with param x");
    assertVerifyNames(l, end, StoreProblem.Kind.CORRUPT);
  }

  @Test
  void aBatchRewrittenWithoutItsLinkHadItsChainCut() {
    List<String> batches = threeBatches("three");
    reseal(batches.get(2), s -> s.replaceFirst(",\"prev\":\"sha256:[0-9a-f]{64}\"", ""));
    Lineage l = reopened();
    assertTrue(l.runs(RunQuery.all().name("three")).isEmpty());
    assertVerifyNames(l, batches.get(2), StoreProblem.Kind.CORRUPT);
  }

  @Test
  void aVersionRewrittenUnderALaterOneIsLeftOutAndNeverServedThroughItsAlias() throws Exception {
    registerASecondVersion();
    String first = DocumentedKeys.modelVersion("cm", 1);
    String second = DocumentedKeys.modelVersion("cm", 2);
    String otherDigest = read(second).replaceAll(".*\"digest\":\"(sha256:[0-9a-f]{64})\".*", "$1");
    reseal(first, s -> s.replaceFirst("\"digest\":\"sha256:[0-9a-f]{64}\"", "\"digest\":\"" + otherDigest + "\""));
    List<StoreProblem> heard = new CopyOnWriteArrayList<>();
    try (Lineage l = reopenedHearing(heard)) {
      assertEquals(List.of(), l.registry().versions("cm"), "neither end of a broken link is served");
      assertTrue(heard.stream().anyMatch(p -> p.key().equals(first)), heard.toString());
      assertEquals(second, assertThrows(CorruptObjectException.class, () -> l.registry().alias("cm", "production"))
          .key(), "never the rewritten model");
      assertVerifyNames(l, second, StoreProblem.Kind.CORRUPT);
    }
  }

  @Test
  void anAliasMoveRewrittenUnderALaterOneBreaksItsHistory() throws Exception {
    registerASecondVersion();
    lineage.registry().moveAlias(AliasMoveRequest.builder("cm", "production").expecting(1).to(2).reason("better")
        .build());
    List<ObjectInfo> moves = backend.listAll("registry/models/cm/aliases/production/");
    reseal(moves.get(0).key(), s -> s.replace("\"principal\":\"", "\"principal\":\"mallory-"));
    Lineage l = reopened();
    assertEquals(moves.get(1).key(), assertThrows(CorruptObjectException.class,
        () -> l.registry().aliasHistory("cm", "production")).key(), "never a history with another principal");
    assertVerifyNames(l, moves.get(1).key(), StoreProblem.Kind.CORRUPT);
  }
}
