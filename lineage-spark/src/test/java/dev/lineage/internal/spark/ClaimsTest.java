package dev.lineage.internal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClaimsTest {
  private static Claims.Claim claim(int stage, int partition, long attempt) {
    return new Claims.Claim(stage, partition, attempt, new String[] {"loss"}, new int[] {0}, new long[] {1},
        new double[] {0.5});
  }

  @Test
  void theFirstAttemptToClaimAPartitionHoldsItAndAnotherIsRefused() {
    Claims claims = new Claims();
    assertEquals(Claims.Answer.GRANTED, claims.grant(claim(1, 3, 10)));
    assertEquals(Claims.Answer.REFUSED, claims.grant(claim(1, 3, 11)), "a retry or a speculative copy");
    assertEquals(Claims.Answer.GRANTED, claims.grant(claim(1, 4, 11)), "another partition");
    assertEquals(Claims.Answer.GRANTED, claims.grant(claim(2, 3, 12)), "the same partition of another stage");
  }

  @Test
  void anAttemptThatAsksAgainIsNotRecordedTwice() {
    Claims claims = new Claims();
    assertEquals(Claims.Answer.GRANTED, claims.grant(claim(1, 3, 10)));
    assertEquals(Claims.Answer.GRANTED_BEFORE, claims.grant(claim(1, 3, 10)));
  }

  @Test
  void partitionNumbersDoNotCollideAcrossStages() {
    Claims claims = new Claims();
    assertEquals(Claims.Answer.GRANTED, claims.grant(claim(0, -1, 1)));
    assertEquals(Claims.Answer.GRANTED, claims.grant(claim(-1, 0, 2)));
    assertEquals(Claims.Answer.GRANTED, claims.grant(claim(1, 0, 3)));
  }
}
