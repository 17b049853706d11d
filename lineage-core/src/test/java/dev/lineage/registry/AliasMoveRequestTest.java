package dev.lineage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AliasMoveRequestTest {
  @Test
  void namedPartsInsteadOfSixPositionalOnes() {
    AliasMoveRequest r = AliasMoveRequest.builder("churn", "production").expecting(1).to(2).reason("AUC up")
        .source("lineage ui").build();
    assertEquals("churn", r.model());
    assertEquals("production", r.alias());
    assertEquals(OptionalInt.of(1), r.expected());
    assertEquals(2, r.to());
    assertEquals("AUC up", r.reason());
    assertEquals(Optional.of("lineage ui"), r.source());
    assertEquals(r, AliasMoveRequest.builder("churn", "production").expected(OptionalInt.of(1)).to(2)
        .reason("AUC up").source("lineage ui").build());
    assertEquals("churn:production v1 -> v2 \"AUC up\" via lineage ui", r.toString());
    AliasMoveRequest first = AliasMoveRequest.builder("churn", "production").expectingNone().to(1).build();
    assertEquals(OptionalInt.empty(), first.expected());
    assertEquals("", first.reason());
    assertEquals(Optional.empty(), first.source());
  }

  @Test
  void eachPartIsCheckedWhenSetSetOnceAndTheCompareAndSetIsNeverLeftOut() {
    assertEquals("alias", assertThrows(InvalidInputException.class,
        () -> AliasMoveRequest.builder("churn", "prod/../x")).field());
    assertEquals("model", assertThrows(InvalidInputException.class,
        () -> AliasMoveRequest.builder(null, "production")).field());
    AliasMoveRequest.Builder b = AliasMoveRequest.builder("churn", "production");
    assertEquals("to", assertThrows(InvalidInputException.class, () -> b.to(0)).field());
    assertEquals("expecting", assertThrows(InvalidInputException.class, () -> b.expecting(-1)).field());
    assertEquals("reason", assertThrows(InvalidInputException.class, () -> b.reason(null)).field());
    assertEquals("source", assertThrows(InvalidInputException.class, () -> b.source(" ")).field());
    b.to(3);
    InvalidInputException twice = assertThrows(InvalidInputException.class, () -> b.to(4));
    assertTrue(twice.getMessage().contains("already set to 3"), twice.getMessage());
    InvalidInputException noExpectation = assertThrows(InvalidInputException.class, b::build);
    assertEquals("expected", noExpectation.field());
    assertTrue(noExpectation.getMessage().contains("expectingNone()"), noExpectation.getMessage());
    b.expectingNone();
    assertThrows(InvalidInputException.class, () -> b.expecting(2), "expected, once");
    assertEquals("to", assertThrows(InvalidInputException.class,
        () -> AliasMoveRequest.builder("churn", "production").expectingNone().build()).field());
  }
}
