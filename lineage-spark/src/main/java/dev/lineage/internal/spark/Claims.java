package dev.lineage.internal.spark;

import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's record of which task attempt logged each partition's points. A successful attempt sends its points
 * with its claim, and the first attempt of a stage's partition to claim it is granted: the driver records the points
 * before it answers. Every other attempt (a retry after a failure or a lost executor, a speculative copy, a rerun of
 * the stage) is refused, so a reader sees exactly one successful attempt's points per partition, and an executor
 * that dies after its claim loses none: they are the driver's by then.
 */
final class Claims {
  /**
   * An executor's question, with {@code PluginContext.ask}: may this successful attempt's points be the partition's?
   * The points travel with it, column by column: point {@code i} is {@code keys[keyOf[i]]} at {@code steps[i]}.
   */
  record Claim(int stageId, int partition, long taskAttemptId, String[] keys, int[] keyOf, long[] steps,
      double[] values) implements Serializable {
    int points() {
      return steps.length;
    }
  }

  /** An executor's word that it could not open the store: the run is marked incomplete, the executor goes on. */
  record Unrecorded(String executorId, String reason) implements Serializable {}

  /** An executor's word that something of its tasks could not be recorded: marked on the run. */
  record Incomplete(String reason) implements Serializable {}

  /** What the driver answers a claim, sent by name: an executor's RPC does not see the plugin's classes. */
  enum Answer {
    /** The partition's first claim: its points are to be recorded, once. */
    GRANTED,
    /** The attempt that holds the partition asked again (its first answer was lost): already recorded. */
    GRANTED_BEFORE,
    /** Another attempt holds the partition: these points are not its. */
    REFUSED
  }

  private final ConcurrentHashMap<Long, Long> owners = new ConcurrentHashMap<>();

  Answer grant(Claim c) {
    long partition = ((long) c.stageId() << 32) | (c.partition() & 0xFFFFFFFFL);
    Long owner = owners.putIfAbsent(partition, c.taskAttemptId());
    return owner == null ? Answer.GRANTED : owner == c.taskAttemptId() ? Answer.GRANTED_BEFORE : Answer.REFUSED;
  }
}
