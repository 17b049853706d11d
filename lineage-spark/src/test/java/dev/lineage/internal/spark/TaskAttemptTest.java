package dev.lineage.internal.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunRecord;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskAttemptTest {
  @TempDir Path store;

  @Test
  void pointsWaitInOrderAndTravelWithTheClaimAStepLessPointAtThePartition() {
    List<String> marks = new ArrayList<>();
    TaskAttempt a = new TaskAttempt(4, 7, 99, dev.lineage.RunId.of("01J00000000000000000000000"), () -> {
      throw new AssertionError("points alone attach no writer");
    }, marks::add);
    assertFalse(a.hasPoints());
    a.logMetric("loss", 0.5, 3);
    a.logMetric("rows", 12);
    a.logMetric("loss", 0.25, 4);
    Claims.Claim c = a.claim();
    assertEquals(4, c.stageId());
    assertEquals(7, c.partition());
    assertEquals(99, c.taskAttemptId());
    assertArrayEquals(new String[] {"loss", "rows"}, c.keys());
    assertArrayEquals(new int[] {0, 1, 0}, c.keyOf());
    assertArrayEquals(new long[] {3, 7, 4}, c.steps());
    assertArrayEquals(new double[] {0.5, 12, 0.25}, c.values());
    assertFalse(a.attached());
    assertEquals(List.of(), marks);
  }

  @Test
  void badPointsAreRefusedByName() {
    TaskAttempt a = new TaskAttempt(0, 0, 1, dev.lineage.RunId.of("01J00000000000000000000000"), () -> null,
        m -> { });
    assertTrue(assertThrows(InvalidInputException.class, () -> a.logMetric("", 1, 0)).getMessage()
        .contains("metric key"));
    assertTrue(assertThrows(InvalidInputException.class, () -> a.logMetric("x", 1, -1)).getMessage()
        .contains("metric step"));
  }

  @Test
  void anArtifactAttachesOneWriterWhichTheAttemptClosesSoTheRunCanSucceed() {
    try (Lineage lineage = Lineage.builder().store(store.toString()).systemMetrics(false).build()) {
      Run run = lineage.newRun("app");
      AtomicInteger attaches = new AtomicInteger();
      TaskAttempt a = new TaskAttempt(0, 2, 5, run.id(), () -> {
        attaches.incrementAndGet();
        return lineage.attach(run.handle());
      }, m -> { });
      a.produce("part-2", new ByteArrayInputStream(new byte[] {1, 2, 3}));
      a.use("lookup", new ByteArrayInputStream(new byte[] {4}));
      assertEquals(1, attaches.get());
      assertTrue(a.attached());
      a.closeWriter();
      run.succeed();
      run.close();
      RunRecord r = lineage.runRecord(run.id());
      assertEquals(dev.lineage.RunStatus.SUCCEEDED, r.status(), r.trackingErrors().toString());
      assertEquals(1, r.outputs().size());
      assertEquals(1, r.inputs().size());
    }
  }

  @Test
  void anAttemptPastItsPointLimitSaysSoOnceThroughItsMarks() {
    List<String> marks = new ArrayList<>();
    TaskAttempt a = new TaskAttempt(0, 1, 8, dev.lineage.RunId.of("01J00000000000000000000000"), () -> null,
        marks::add);
    for (int i = 0; i <= TaskAttempt.MAX_POINTS + 1; i++) {
      a.logMetric("x", i, i);
    }
    assertEquals(TaskAttempt.MAX_POINTS, a.claim().points());
    assertEquals(1, marks.size(), marks.toString());
    assertTrue(marks.get(0).contains("more than " + TaskAttempt.MAX_POINTS), marks.get(0));
  }

}
