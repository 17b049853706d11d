package dev.lineage.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's id is checked against its kind when it is made, and read back typed: no caller parses it. */
class NodeTest {
  private record Kinded(NodeKind kind, String id) {}

  private static final RunId RUN = RunId.of("01J9ZQ3V5W8X7Y6Z5A4B3C2D1E");
  private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));

  @Test
  void eachKindReadsBackTypedAndRefusesTheOthersAccessors() {
    assertEquals(RUN, Node.run(RUN).runId());
    assertEquals(DIGEST, Node.artifact(DIGEST).digest());
    assertEquals("featurize", Node.step("featurize").step());
    Node version = Node.modelVersion("churn@eu", 12);
    assertEquals("churn@eu", version.model(), "a model name may hold an @: the version is after the last one");
    assertEquals(12, version.version());
    assertEquals(new Node(NodeKind.MODEL_VERSION, "churn@eu@12"), version);
    InvalidInputException wrong = assertThrows(InvalidInputException.class, () -> Node.run(RUN).digest());
    assertTrue(wrong.getMessage().contains("is a RUN node, not of kind ARTIFACT: run:"), wrong.getMessage());
    assertThrows(InvalidInputException.class, () -> Node.step("s").version());
  }

  @Test
  void anIdThatIsNotItsKindsIsRefusedWhenTheNodeIsMade() {
    for (Kinded bad : List.of(new Kinded(NodeKind.RUN, "not-a-ulid"),
        new Kinded(NodeKind.ARTIFACT, "ab".repeat(32)), new Kinded(NodeKind.ARTIFACT, "sha256:xyz"),
        new Kinded(NodeKind.MODEL_VERSION, "churn"), new Kinded(NodeKind.MODEL_VERSION, "churn@0"),
        new Kinded(NodeKind.MODEL_VERSION, "churn@01"), new Kinded(NodeKind.MODEL_VERSION, "@3"),
        new Kinded(NodeKind.MODEL_VERSION, "churn@99999999999"))) {
      assertThrows(InvalidInputException.class, () -> new Node(bad.kind(), bad.id()), bad.toString());
    }
  }
}
