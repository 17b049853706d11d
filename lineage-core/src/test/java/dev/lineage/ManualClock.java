package dev.lineage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock a test moves: by hand ({@link #advance}), and optionally by a step at every reading. */
public final class ManualClock extends Clock {
  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
  private final long stepMillis;

  private ManualClock(long stepMillis) {
    this.stepMillis = stepMillis;
  }

  /** Still until moved. */
  public static ManualClock still() {
    return new ManualClock(0);
  }

  /** A step further on at each reading: every reading is distinct. */
  public static ManualClock ticking(Duration step) {
    return new ManualClock(step.toMillis());
  }

  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.addAndGet(stepMillis));
  }
}
