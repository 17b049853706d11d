package dev.lineage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.ConflictException;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.StoreProblem;
import dev.lineage.internal.store.AliasMoveDoc;
import dev.lineage.internal.store.Documents;
import dev.lineage.internal.store.Format;
import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.internal.store.Keys;
import dev.lineage.maintenance.VerifyReport;
import dev.lineage.spi.Payload;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protected aliases: a reason always, and where declared, a second principal's approval in the chained history. */
class PromotionPolicyTest {
  @TempDir Path tmp;
  private final InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/policy"));
  private Lineage alice;
  private Lineage bob;

  private Lineage as(String principal) {
    return Lineage.builder().backend(backend).principal(principal).tempDir(tmp).cacheDir(tmp.resolve("cache"))
        .workDir(tmp.resolve("work")).systemMetrics(false).build();
  }

  @BeforeEach
  void models() throws Exception {
    alice = as("alice");
    bob = as("bob");
    for (String content : List.of("weights 1", "weights 2")) {
      Artifact a = alice.run("train", run -> run.produce(Files.writeString(tmp.resolve("m.bin"), content), "m"));
      alice.registry().register("churn", a);
    }
  }

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  private static AliasMoveRequest to(int version, String reason) {
    return AliasMoveRequest.builder("churn", "production").expectingNone().to(version).reason(reason).build();
  }

  @Test
  void aProtectedAliasMovesOnlyWithAReason() {
    assertEquals(new AliasProtection("production", false), alice.registry().protectAlias("production", false,
        "audited"));
    assertEquals("reason", assertThrows(InvalidInputException.class, () -> alice.registry().moveAlias(to(1, " ")))
        .field());
    assertEquals(AliasMove.Kind.MOVE, alice.registry().moveAlias(to(1, "first")).kind());
    assertEquals("alias", assertThrows(InvalidInputException.class, () -> alice.registry().proposeMove(
        AliasMoveRequest.builder("churn", "production").expecting(1).to(2).reason("r").build())).field(),
        "a move that needs no approval is not proposed");
  }

  @Test
  void anAliasProtectedWithASecondApprovalMovesWhenAnotherPrincipalApproves() {
    alice.registry().protectAlias("production", true, "two people sign off on production");
    assertEquals("alias", assertThrows(InvalidInputException.class, () -> alice.registry().moveAlias(to(1, "r")))
        .field());
    AliasMove proposal = alice.registry().proposeMove(to(1, "AUC up"));
    assertEquals(AliasMove.Kind.PROPOSAL, proposal.kind());
    assertEquals(Optional.empty(), bob.registry().alias("churn", "production"), "a proposal does not move it");
    assertEquals(Optional.of(proposal), bob.registry().pendingMove("churn", "production"));
    assertEquals("principal", assertThrows(InvalidInputException.class,
        () -> alice.registry().approveMove("churn", "production", proposal.sequence(), "")).field(),
        "the proposer cannot approve");
    AliasMove approval = bob.registry().approveMove("churn", "production", proposal.sequence(), "checked");
    assertEquals(AliasMove.Kind.APPROVAL, approval.kind());
    assertEquals("bob", approval.principal());
    assertEquals(1, alice.registry().alias("churn", "production").orElseThrow().version());
    assertEquals(Optional.empty(), alice.registry().pendingMove("churn", "production"));
    assertEquals(List.of(AliasMove.Kind.PROPOSAL, AliasMove.Kind.APPROVAL), alice.registry()
        .aliasHistory("churn", "production").stream().map(AliasMove::kind).toList());
    assertThrows(ConflictException.class, () -> bob.registry().approveMove("churn", "production",
        proposal.sequence(), "again"), "approved once");
    VerifyReport report = alice.maintenance().verify();
    assertTrue(report.ok(), report.problems().toString());
    assertEquals(0, report.unchained());
  }

  @Test
  void aNewerProposalReplacesAPendingOneAndTheOlderCanNoLongerBeApproved() {
    alice.registry().protectAlias("production", true, "two people");
    AliasMove first = alice.registry().proposeMove(to(1, "first try"));
    AliasMove second = bob.registry().proposeMove(to(2, "better"));
    assertThrows(ConflictException.class, () -> bob.registry().approveMove("churn", "production",
        first.sequence(), "late"));
    alice.registry().approveMove("churn", "production", second.sequence(), "ok");
    assertEquals(2, bob.registry().alias("churn", "production").orElseThrow().version());
    assertThrows(ConflictException.class, () -> alice.registry().proposeMove(to(1, "stale expectation")),
        "a proposal is a compare-and-set on where the alias points");
  }

  @Test
  void aProtectionIsNeverWeakenedAndItsHistoryIsChained() {
    alice.registry().protectAlias("production", false, "reasons");
    alice.registry().protectAlias("production", true, "and approvals");
    assertEquals("secondApproval", assertThrows(InvalidInputException.class,
        () -> bob.registry().protectAlias("production", false, "relax")).field());
    assertEquals(List.of(new AliasProtection("production", true)), bob.registry().protections());
    assertEquals(2, backend.listAll(Keys.POLICY).size(), "one version per change");
    assertTrue(alice.maintenance().verify().ok());
  }

  @Test
  void aPlainMoveWrittenPastTheProtectionIsReportedByVerify() {
    alice.registry().protectAlias("production", true, "two people");
    AliasMove proposal = alice.registry().proposeMove(to(1, "r"));
    bob.registry().approveMove("churn", "production", proposal.sequence(), "ok");
    // What an older Lineage (or a hand) writes: a plain move, linked correctly, past the protection.
    String head = Keys.aliasMove("churn", "production", 2);
    String prev = Documents.checksumOf(backend.get(head).map(in -> {
      try (in) {
        return in.readAllBytes();
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }).orElseThrow());
    String key = Keys.aliasMove("churn", "production", 3);
    backend.putIfAbsent(key, Payload.of(Documents.encode(Format.ALIAS_MOVE, new AliasMoveDoc("churn", "production",
        3, 1, 2, "mallory", System.currentTimeMillis(), "quietly", null, "01M98AAAAAAAAAAAAAAAAAAAAA", prev, null))));
    VerifyReport report = alice.maintenance().verify();
    assertTrue(report.problems().stream().anyMatch(p -> p.key().equals(key) && p.kind() == StoreProblem.Kind.CORRUPT
        && p.message().contains("without the second approval")), report.problems().toString());
  }
}
