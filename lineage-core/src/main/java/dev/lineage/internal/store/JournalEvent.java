package dev.lineage.internal.store;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.lineage.ArtifactKind;
import dev.lineage.ParamType;
import dev.lineage.step.StepExecution;
import java.util.List;

/**
 * One event of a run's journal. The {@code type} names the kind; a reader skips kinds it does not know (a newer
 * minor version added them), which is why {@link Unknown} exists.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = JournalEvent.Unknown.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = JournalEvent.Param.class, name = "param"),
    @JsonSubTypes.Type(value = JournalEvent.Tag.class, name = "tag"),
    @JsonSubTypes.Type(value = JournalEvent.ArtifactEdge.class, name = "artifact"),
    @JsonSubTypes.Type(value = JournalEvent.Metric.class, name = "metric"),
    @JsonSubTypes.Type(value = JournalEvent.Segment.class, name = "segment"),
    @JsonSubTypes.Type(value = JournalEvent.Step.class, name = "step"),
    @JsonSubTypes.Type(value = JournalEvent.Gpus.class, name = "gpus"),
    @JsonSubTypes.Type(value = JournalEvent.Incomplete.class, name = "incomplete"),
    @JsonSubTypes.Type(value = JournalEvent.InputWait.class, name = "inputWait"),
    @JsonSubTypes.Type(value = JournalEvent.Attached.class, name = "attached"),
    @JsonSubTypes.Type(value = JournalEvent.Closed.class, name = "closed"),
    @JsonSubTypes.Type(value = JournalEvent.Code.class, name = "code")})
public sealed interface JournalEvent {
  /** When the event happened, epoch milliseconds of the writer's clock. */
  long at();

  /** A param: the first event for a key wins across writers. */
  record Param(long at, String key, ParamType valueType, String value) implements JournalEvent {
    public Param {
      Check.present(key, "key");
      Check.present(valueType, "valueType");
      Check.present(value, "value");
    }
  }

  /** A user's tag: the latest event for a key wins. */
  record Tag(long at, String key, String value) implements JournalEvent {
    public Tag {
      Check.present(key, "key");
      Check.present(value, "value");
    }
  }

  /**
   * A lineage edge: the run used or produced this content, found at {@code location} (an absolute URI; absent
   * where the content came as a stream without one, or the event was written before locations were recorded).
   */
  record ArtifactEdge(long at, Direction direction, String digest, ArtifactKind kind, long size, String name,
      String location) implements JournalEvent {
    public ArtifactEdge {
      Check.present(direction, "direction");
      Check.digest(digest, "digest");
      Check.present(kind, "kind");
      if (size < 0) {
        throw new IllegalArgumentException("size must be >= 0");
      }
      Check.optionalLocation(location);
    }
  }

  /**
   * This writer's cumulative summary of one metric key as of a flush; doubles are {@link Double#toString} text so
   * that NaN and the infinities survive JSON.
   */
  record Metric(long at, String key, long count, long step, String value, String min, String max)
      implements JournalEvent {
    public Metric {
      Check.present(key, "key");
      Double.parseDouble(Check.present(value, "value"));
      Double.parseDouble(Check.present(min, "min"));
      Double.parseDouble(Check.present(max, "max"));
    }
  }

  /** A metric segment this writer published: readers check that it exists and matches its digest. */
  record Segment(long at, String key, String digest, long points, long bytes) implements JournalEvent {
    public Segment {
      Check.present(key, "key");
      Check.digest(digest, "digest");
    }
  }

  /** The run is an execution of a cached step (see {@link StepExecution}). */
  record Step(long at, String step, String key, StepExecution.Outcome outcome, String entryRun,
      Boolean outputsMatchEntry) implements JournalEvent {
    public Step {
      Check.present(step, "step");
      Check.hex(key, "key");
      Check.present(outcome, "outcome");
      Check.optionalUlid(entryRun, "entryRun");
    }
  }

  /** The run's GPU summary, one entry per GPU it held, recorded when it ended. */
  record Gpus(long at, double idleBelowPercent, List<Gpu> gpus) implements JournalEvent {
    public Gpus {
      gpus = List.copyOf(Check.present(gpus, "gpus"));
    }
  }

  /** One GPU's share of a run. */
  record Gpu(int index, String uuid, double utilMean, double utilP50, double utilMax, double hoursHeld,
      double hoursIdle) {
    public Gpu {
      Check.present(uuid, "uuid");
    }
  }

  /**
   * The run's class path by content: the {@code lineage.classpath} blob {@code classpath}, of {@code size} bytes,
   * listing {@code entries} entries. Recorded once, when the run's code has been captured.
   */
  record Code(long at, String classpath, long size, int entries) implements JournalEvent {
    public Code {
      Check.digest(classpath, "classpath");
      if (size < 0 || entries < 0) {
        throw new IllegalArgumentException("code size and entries must be >= 0");
      }
    }
  }

  /** Something this writer logged could not be stored. */
  record Incomplete(long at, String reason) implements JournalEvent {
    public Incomplete {
      Check.present(reason, "reason");
    }
  }

  /**
   * This writer's cumulative input wait as of a flush: how many intervals it reported, and the nanoseconds they
   * waited for input and computed. A writer's last such event is its total; a run's is the sum over its writers.
   */
  record InputWait(long at, long intervals, long waitedNanos, long computedNanos) implements JournalEvent {
    public InputWait {
      if (intervals < 0 || waitedNanos < 0 || computedNanos < 0) {
        throw new IllegalArgumentException("input wait sums must be >= 0");
      }
    }
  }

  /**
   * This writer attached to a run it does not own: the first event of its first batch, committed before
   * {@code attach} returns. Until the same writer's {@link Closed} is read, the run cannot read as succeeded.
   */
  record Attached(long at) implements JournalEvent {}

  /** This attached writer closed: the last event of its last batch, so everything it logged before is stored. */
  record Closed(long at) implements JournalEvent {}

  /** An event of a kind this version does not know: skipped. */
  record Unknown() implements JournalEvent {
    @Override
    public long at() {
      return 0;
    }
  }
}
