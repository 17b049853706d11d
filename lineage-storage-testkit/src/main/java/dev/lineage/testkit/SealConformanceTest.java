package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.CorruptObjectException;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.RunId;
import dev.lineage.StoreProblem;
import dev.lineage.maintenance.Checkpoint;
import dev.lineage.maintenance.SealReport;
import dev.lineage.maintenance.SigningKeys;
import dev.lineage.maintenance.VerifyReport;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.StorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed checkpoint makes the history provable against anyone with write access to the bucket: each test seals
 * a store, then rewrites or removes what only a checkpoint can reveal (the head of a chain, edited with its
 * checksum recomputed; a whole run; the newest alias move; a checkpoint forged in the key's name), and checks that
 * verify without the key cannot tell and verify with it names the object (docs/audit.md).
 *
 * @since 0.1.0
 */
public abstract class SealConformanceTest {
  /** A folder of the test's own (caches, files to record), deleted after it. */
  @TempDir protected Path tmp;
  /** The backend under test: a new one, from {@code newBackend()}, for each test. */
  protected StorageBackend backend;
  private Lineage lineage;
  private final KeyPair key = SigningKeys.generate();
  private RunId trained;
  private RunId evaluated;

  /** A new, empty backend; the Lineage built over it closes it. */
  protected abstract StorageBackend newBackend() throws Exception;

  @BeforeEach
  void fixture() throws Exception {
    backend = newBackend();
    lineage = Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .workDir(tmp.resolve("work")).systemMetrics(false).principal("alice").build();
    Path data = Files.writeString(tmp.resolve("train.csv"), "x,y\n1,2\n");
    Artifact[] model = new Artifact[1];
    trained = lineage.run("train", run -> {
      run.logParam("lr", 0.01);
      run.use(data, "train-data");
      run.logMetric("loss", 0.5, 0);
      model[0] = run.produce(Files.writeString(tmp.resolve("model.bin"), "weights"), "cm-model");
      return run.id();
    });
    evaluated = lineage.run("evaluate", run -> {
      run.use(data, "train-data");
      run.logParam("threshold", 0.5);
      return run.id();
    });
    lineage.registry().register("cm", model[0], trained);
    lineage.registry().register("cm", model[0], trained);
    lineage.registry().moveAlias(AliasMoveRequest.builder("cm", "production").expectingNone().to(1)
        .reason("first").build());
  }

  @AfterEach
  void close() {
    lineage.close();
  }

  private VerifyReport verifyTrusting() {
    return lineage.maintenance().verify(key.getPublic(), null);
  }

  private static void assertNames(VerifyReport report, String key, StoreProblem.Kind kind) {
    assertFalse(report.ok());
    assertTrue(report.problems().stream().anyMatch(p -> p.key().equals(key) && p.kind() == kind),
        "names " + key + " as " + kind + ": " + report.problems());
  }

  @Test
  void aSealedStoreVerifiesAgainstItsKeyAndNamesTheCheckpoint() {
    SealReport sealed = lineage.maintenance().seal(key.getPrivate());
    Checkpoint checkpoint = sealed.checkpoint();
    assertEquals(1, checkpoint.number());
    assertTrue(sealed.problems().isEmpty(), sealed.problems().toString());
    // two ended runs (end and the owner's last batch each), the newest version, the alias's move
    assertTrue(checkpoint.heads() >= 6, "heads: " + checkpoint.heads());
    assertEquals(SigningKeys.keyId(key.getPublic()), checkpoint.keyId());
    VerifyReport report = verifyTrusting();
    assertTrue(report.ok(), report.problems().toString());
    assertEquals(checkpoint, report.checkpoint().orElseThrow());
    assertTrue(lineage.maintenance().verify().checkpoint().isEmpty(), "held to no checkpoint without a key");
  }

  @Test
  void aSealedRunsEndRewrittenWithItsChecksumRecomputedIsCaughtOnlyWithTheKey() {
    lineage.maintenance().seal(key.getPrivate());
    String end = DocumentedKeys.runEnd(trained);
    Tamper.reseal(backend, end, s -> s.replace("\"SUCCEEDED\"", "\"FAILED\""));
    assertTrue(lineage.maintenance().verify().ok(), "the end is the head of its chain: nothing else names it");
    assertNames(verifyTrusting(), end, StoreProblem.Kind.CORRUPT);
  }

  @Test
  void aSealedRunDeletedWhollyIsNamedAsRemoved() {
    lineage.maintenance().seal(key.getPrivate());
    backend.delete(DocumentedKeys.runStart(evaluated));
    for (ObjectInfo o : backend.listAll(DocumentedKeys.runData(evaluated))) {
      backend.delete(o.key());
    }
    assertTrue(lineage.maintenance().verify().ok(), "a run deleted whole leaves nothing that names it");
    assertNames(verifyTrusting(), DocumentedKeys.runEnd(evaluated), StoreProblem.Kind.DANGLING);
  }

  @Test
  void theNewestAliasMoveRewrittenToAnotherVersionIsCaught() {
    lineage.maintenance().seal(key.getPrivate());
    String move = backend.listAll("registry/models/cm/aliases/production/").get(0).key();
    Tamper.reseal(backend, move, s -> s.replace("\"to\":1", "\"to\":2"));
    assertEquals(2, lineage.registry().alias("cm", "production").orElseThrow().version(),
        "without a key the rewritten move is read as it stands");
    assertNames(verifyTrusting(), move, StoreProblem.Kind.CORRUPT);
  }

  @Test
  void aCheckpointForgedInTheKeysNameIsCorruptAndTheStoreIsHeldToTheLastTrueOne() {
    Checkpoint first = lineage.maintenance().seal(key.getPrivate()).checkpoint();
    String end = DocumentedKeys.runEnd(trained);
    Tamper.reseal(backend, end, s -> s.replace("\"SUCCEEDED\"", "\"FAILED\""));
    // The forger seals with a key of their own, then puts the trusted public key in its place.
    KeyPair forger = SigningKeys.generate();
    lineage.maintenance().seal(forger.getPrivate());
    String forged = "checkpoints/0000000002.json";
    String trustedKey = java.util.Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    Tamper.reseal(backend, forged, s -> s.replaceFirst("\"publicKey\":\"[^\"]+\"", "\"publicKey\":\""
        + trustedKey + "\""));
    VerifyReport report = verifyTrusting();
    assertNames(report, forged, StoreProblem.Kind.CORRUPT);
    assertNames(report, end, StoreProblem.Kind.CORRUPT);
    assertEquals(first, report.checkpoint().orElseThrow());
    assertThrows(CorruptObjectException.class, () -> lineage.maintenance().seal(key.getPrivate()),
        "nothing is sealed on top of a checkpoint forged in the key's name");
  }

  @Test
  void aWrongKeyIsAClearErrorNamingTheKeysTheCheckpointsName() {
    assertEquals("trust", assertThrows(InvalidInputException.class, this::verifyTrusting).field(),
        "no checkpoint at all");
    lineage.maintenance().seal(key.getPrivate());
    KeyPair other = SigningKeys.generate();
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> lineage.maintenance().verify(other.getPublic(), null));
    assertEquals("trust", e.field());
    assertTrue(e.getMessage().contains(SigningKeys.keyId(key.getPublic())), e.getMessage());
  }

  @Test
  void aLaterSealReadsOnlyWhatIsNewAndStillCoversEverythingTheFirstSealed() throws Exception {
    SealReport first = lineage.maintenance().seal(key.getPrivate());
    RunId later = lineage.run("later", run -> {
      run.logParam("k", 1L);
      return run.id();
    });
    SealReport second = lineage.maintenance().seal(key.getPrivate());
    assertEquals(2, second.checkpoint().number());
    assertEquals(1, second.read(), "the new run's end alone is read: " + second);
    assertEquals(first.checkpoint().heads() + 2, second.checkpoint().heads(), "its end and its owner's last batch");
    assertTrue(verifyTrusting().ok());
    String end = DocumentedKeys.runEnd(trained);
    Tamper.reseal(backend, end, s -> s.replace("\"SUCCEEDED\"", "\"FAILED\""));
    assertNames(verifyTrusting(), end, StoreProblem.Kind.CORRUPT);
    assertTrue(lineage.runRecord(later).status().isFinished());
  }
}
