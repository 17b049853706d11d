package dev.lineage.internal.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;

/**
 * Fault points for the tests: a job run with the local property {@code spark.lineage.test.halt} set to
 * {@code after-grant:3,in-flush:6} halts the executor's JVM (as {@code kill -9} would) at that moment of the first
 * attempt of the named partition: {@code in-flush} once the attempt's own records are flushed and before its writer's
 * close, {@code after-grant} once the driver has granted its claim and before the task's result leaves. Both moments
 * lie inside the plugin, where no signal reaches a test, so a test that must kill exactly there names the job and
 * the moment; without the property, nothing halts.
 */
final class Halts {
  static final String PROPERTY = "spark.lineage.test.halt";
  static final String AFTER_GRANT = "after-grant";
  static final String IN_FLUSH = "in-flush";

  private final Map<Long, String> armed = new ConcurrentHashMap<>();

  /** Arms the moment the task's job names for the task's partition, if the task is the partition's first attempt. */
  void arm(TaskContext task) {
    String points = task.getLocalProperty(PROPERTY);
    if (points == null || points.isBlank() || task.attemptNumber() != 0 || task.stageAttemptNumber() != 0) {
      return;
    }
    for (String point : points.split(",")) {
      String[] at = point.trim().split(":");
      if (at.length != 2 || !(at[0].equals(AFTER_GRANT) || at[0].equals(IN_FLUSH)) || !at[1].matches("\\d+")) {
        throw new IllegalArgumentException(PROPERTY + ": each point is after-grant:<partition> or "
            + "in-flush:<partition>, was " + point);
      }
      if (Integer.parseInt(at[1]) == task.partitionId()) {
        armed.put(task.taskAttemptId(), at[0]);
      }
    }
  }

  /** Halts this JVM if {@code moment} is armed for the task attempt. */
  void at(String moment, long taskAttemptId) {
    if (moment.equals(armed.get(taskAttemptId))) {
      System.err.println("Lineage test halt: " + moment + " of task " + taskAttemptId);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}
