package dev.lineage.internal.spark;

import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's record of which task attempt logged each partition's points: the first attempt of a stage's
 * partition to succeed with points claims it, and every other attempt (a retry after a failure, a speculative copy,
 * a rerun of the stage) is refused, so a reader sees exactly one successful attempt's points per partition.
 */
final class Claims {
  /** An executor's question: may this successful attempt log its points? Sent with {@code PluginContext.ask}. */
  record Claim(int stageId, int partition, long taskAttemptId) implements Serializable {}

  /** An executor's word that it could not open the store: the run is marked incomplete, the executor goes on. */
  record Unrecorded(String executorId, String reason) implements Serializable {}

  private final ConcurrentHashMap<Long, Long> owners = new ConcurrentHashMap<>();

  boolean grant(Claim c) {
    long partition = ((long) c.stageId() << 32) | (c.partition() & 0xFFFFFFFFL);
    Long owner = owners.putIfAbsent(partition, c.taskAttemptId());
    return owner == null || owner == c.taskAttemptId();
  }
}
