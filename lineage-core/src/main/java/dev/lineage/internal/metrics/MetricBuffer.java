package dev.lineage.internal.metrics;

import dev.lineage.RunId;
import dev.lineage.StorageException;
import dev.lineage.internal.Names;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.RunObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.util.Utf8;

/**
 * One writer's metric points on their way to Parquet segments in the store.
 *
 * <p>The caller appends to a chunk of primitive arrays under a short lock. Full chunks go into a bounded
 * queue; when the queue is full the caller waits (back-pressure), so memory is bounded by
 * {@code bufferPoints}. Up to {@value #LANES} drain tasks on the executor write queued chunks, each into its
 * own local segment file (a lane); {@link #flush()} (on time, on demand and on close) publishes the segments
 * with put-if-absent.
 *
 * <p>Lock order: {@code lock} is never held while waiting for a lane, and drains never take {@code lock}, so
 * a caller blocked on a full queue cannot deadlock a flush; a flush that held every lane reschedules a drain
 * when it releases them.
 */
public final class MetricBuffer {
  static final int CHUNK_POINTS = 4096;
  /** A segment is closed and published when it reaches this many points, even between flushes. */
  static final long MAX_SEGMENT_POINTS = 1L << 21;
  /** Segments encoded at once per writer: encoding is the bottleneck, and the caller needs little CPU. */
  static final int LANES = 2;

  private static final System.Logger LOG = System.getLogger(MetricBuffer.class.getName());

  private final RunId runId;
  private final String writerId;
  private final RunObjects runs;
  private final Clock clock;
  private final Executor executor;
  private final Path tempDir;

  private final Object lock = new Object();
  private final Map<String, Integer> keyIds = new HashMap<>();
  private long[] nextStep = new long[16];
  private KeyStats[] stats = new KeyStats[16];

  /** A key's running summary, for the journal; guarded by {@code lock}. */
  private static final class KeyStats {
    final String key;
    long count;
    long lastStep = Long.MIN_VALUE;
    long lastAt;
    double lastValue;
    double min = Double.NaN;
    double max = Double.NaN;
    boolean changed;

    KeyStats(String key) {
      this.key = key;
    }

    void add(long step, long at, double value) {
      count++;
      if (step >= lastStep) {
        lastStep = step;
        lastAt = at;
        lastValue = value;
      }
      if (!Double.isNaN(value)) {
        min = Double.isNaN(min) ? value : Math.min(min, value);
        max = Double.isNaN(max) ? value : Math.max(max, value);
      }
      changed = true;
    }
  }

  /** A key's summary as of now: count, last step and value, min and max (NaN-ignoring). */
  public record Summary(String key, long count, long lastStep, long lastAt, double lastValue, double min,
      double max) {}
  private PointChunk current = new PointChunk(CHUNK_POINTS);

  private final BlockingQueue<PointChunk> full;
  private final Lane[] lanes;
  private final AtomicInteger activeDrains = new AtomicInteger();
  private volatile Utf8[] keys = new Utf8[0];
  private final Object publishLock = new Object();
  // Guarded by publishLock:
  private final ArrayDeque<Unpublished> unpublished = new ArrayDeque<>();
  private final List<JournalEvent.Segment> published = new ArrayList<>();
  private final List<String> losses = new ArrayList<>();
  private long segmentSeq;
  private volatile Throwable failure;

  /** A closed segment file waiting to be published, and how many points it holds. */
  private record Unpublished(Path file, long points) {}

  /** One segment being written; lanes let two threads encode at once, each into its own segment. */
  private static final class Lane {
    final ReentrantLock lock = new ReentrantLock();
    SegmentWriter segment;
    Path file;
  }

  public MetricBuffer(RunId runId, String writerId, RunObjects runs, Clock clock, Executor executor,
      Path tempDir, int bufferPoints) {
    this.runId = runId;
    this.writerId = writerId;
    this.runs = runs;
    this.clock = clock;
    this.executor = executor;
    this.tempDir = tempDir;
    this.full = new ArrayBlockingQueue<>(Math.max(1, bufferPoints / CHUNK_POINTS));
    this.lanes = new Lane[LANES];
    for (int i = 0; i < LANES; i++) {
      lanes[i] = new Lane();
    }
  }

  public void log(String key, double value, long step) {
    append(key, value, step, false);
  }

  /** Logs at the step after the last one logged for the key. */
  public void log(String key, double value) {
    append(key, value, 0, true);
  }

  private void append(String key, double value, long explicitStep, boolean autoStep) {
    PointChunk handOff = null;
    synchronized (lock) {
      int id = keyId(key);
      long step = autoStep ? nextStep[id] : explicitStep;
      if (step >= nextStep[id]) {
        nextStep[id] = step == Long.MAX_VALUE ? step : step + 1;
      }
      long now = clock.millis();
      stats[id].add(step, now, value);
      if (current.add(id, step, now, value)) {
        handOff = current;
        current = new PointChunk(CHUNK_POINTS);
        enqueue(handOff);
      }
    }
    if (handOff != null) {
      scheduleDrain();
    }
  }

  private int keyId(String key) {
    Integer id = keyIds.get(key);
    if (id != null) {
      return id;
    }
    Names.checkName("metric key", key);
    int next = keyIds.size();
    keyIds.put(key, next);
    if (next == nextStep.length) {
      nextStep = Arrays.copyOf(nextStep, next * 2);
      stats = Arrays.copyOf(stats, next * 2);
    }
    stats[next] = new KeyStats(key);
    Utf8[] grown = Arrays.copyOf(keys, next + 1);
    grown[next] = new Utf8(key.getBytes(StandardCharsets.UTF_8));
    keys = grown; // published before any chunk that uses the id, by the queue's happens-before
    return next;
  }

  private void enqueue(PointChunk chunk) {
    try {
      full.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for metric buffer space; the point was kept", e);
    }
  }

  /** Starts another drain task unless one per lane is already running. */
  private void scheduleDrain() {
    for (int active = activeDrains.get(); active < lanes.length; active = activeDrains.get()) {
      if (activeDrains.compareAndSet(active, active + 1)) {
        executor.execute(this::drainInBackground);
        return;
      }
    }
  }

  private void drainInBackground() {
    try {
      Lane lane = acquireLane();
      try {
        drainInto(lane);
      } finally {
        lane.lock.unlock();
      }
    } catch (IOException | RuntimeException | LinkageError e) { // LinkageError: a library clash on the classpath
      recordFailure(e);
    } finally {
      activeDrains.decrementAndGet();
    }
    if (!full.isEmpty()) {
      scheduleDrain(); // a chunk may have arrived after this task's last poll
    }
  }

  /** A free lane, or, if a flush holds them all, the first one as soon as it is released. */
  private Lane acquireLane() {
    for (Lane lane : lanes) {
      if (lane.lock.tryLock()) {
        return lane;
      }
    }
    lanes[0].lock.lock();
    return lanes[0];
  }

  /** Writes every buffered point and publishes the segments. Throws if any earlier background write failed. */
  public void flush() {
    PointChunk partial;
    synchronized (lock) {
      partial = current.size > 0 ? current : null;
      if (partial != null) {
        current = new PointChunk(CHUNK_POINTS);
      }
    }
    for (Lane lane : lanes) {
      lane.lock.lock();
    }
    try {
      drainInto(lanes[0]);
      if (partial != null) {
        write(lanes[0], partial);
      }
      for (Lane lane : lanes) {
        closeSegment(lane);
      }
      publishPending();
    } catch (IOException | RuntimeException | LinkageError e) {
      recordFailure(e);
    } finally {
      for (Lane lane : lanes) {
        lane.lock.unlock();
      }
    }
    if (!full.isEmpty()) {
      scheduleDrain(); // callers may have filled the queue while this flush held every lane
    }
    Throwable f = failure;
    if (f != null) {
      failure = null; // reported once, here; later flushes report only later failures
      throw new StorageException("writing metrics of run " + runId + " failed: " + f
          + (unpublished.isEmpty() ? "" : "; unpublished segments kept at "
          + unpublished.stream().map(Unpublished::file).toList()), f);
    }
  }

  private void drainInto(Lane lane) throws IOException {
    PointChunk chunk;
    while ((chunk = full.poll()) != null) {
      write(lane, chunk);
    }
  }

  private void write(Lane lane, PointChunk chunk) throws IOException {
    try {
      if (lane.segment == null) {
        lane.file = Files.createTempFile(tempDir, "lineage-segment-", ".parquet");
        lane.segment = new SegmentWriter(lane.file, runId.value());
      }
      lane.segment.write(chunk, keys);
    } catch (IOException | RuntimeException | LinkageError e) {
      lose(lane, chunk.size, e);
      throw e;
    }
    if (lane.segment.points() >= MAX_SEGMENT_POINTS) {
      closeSegment(lane);
      publishPending();
    }
  }

  private void closeSegment(Lane lane) throws IOException {
    if (lane.segment != null) {
      SegmentWriter closing = lane.segment;
      try {
        closing.close();
      } catch (IOException | RuntimeException | LinkageError e) {
        lose(lane, 0, e);
        throw e;
      }
      lane.segment = null;
      synchronized (publishLock) {
        unpublished.add(new Unpublished(lane.file, closing.points()));
      }
    }
  }

  /**
   * Points that could not be encoded are gone (the segment they were going into cannot be trusted either):
   * recorded as a loss, so the run never reads as complete. Segments that fail to publish are not lost: they
   * are kept and offered again by the next flush.
   */
  private void lose(Lane lane, long chunkPoints, Throwable cause) {
    long points = chunkPoints + (lane.segment == null ? 0 : lane.segment.points());
    lane.segment = null;
    if (lane.file != null) {
      try {
        Files.deleteIfExists(lane.file);
      } catch (IOException ignored) {
        // a temp file; the loss is what matters
      }
    }
    synchronized (publishLock) {
      losses.add(points + " metric points of run " + runId + " could not be encoded: " + cause);
    }
  }

  /** Losses since the last call: what was logged but will never be stored. */
  public List<String> losses() {
    synchronized (publishLock) {
      List<String> out = List.copyOf(losses);
      losses.clear();
      return out;
    }
  }

  /**
   * The last flush of a closing writer: whatever still cannot be published is a loss, named with its local
   * file (kept, so nothing is destroyed).
   */
  public void flushFinal() {
    try {
      flush();
    } finally {
      synchronized (publishLock) {
        if (!unpublished.isEmpty()) {
          losses.add(unpublished.stream().mapToLong(Unpublished::points).sum() + " metric points of run " + runId
              + " could not be published; their segments are kept at "
              + unpublished.stream().map(Unpublished::file).toList());
        }
      }
    }
  }

  private void publishPending() throws IOException {
    synchronized (publishLock) {
      while (!unpublished.isEmpty()) {
        Unpublished next = unpublished.peek();
        // The same file is offered under the same number until it lands: an unknown outcome never duplicates it.
        published.add(runs.commitSegment(runId, writerId, segmentSeq, next.file(), next.points(), clock.millis()));
        segmentSeq++;
        unpublished.remove();
        Files.deleteIfExists(next.file());
      }
    }
  }

  private void recordFailure(Throwable e) {
    if (failure == null) {
      failure = e;
      LOG.log(System.Logger.Level.WARNING, "writing metrics of run " + runId + " failed", e);
    }
  }

  /** The segments published since the last call, for the journal to name. */
  public List<JournalEvent.Segment> published() {
    synchronized (publishLock) {
      List<JournalEvent.Segment> out = List.copyOf(published);
      published.clear();
      return out;
    }
  }

  /** Summaries of the keys that received points since the last call. */
  public List<Summary> changedSummaries() {
    List<Summary> out = new ArrayList<>();
    synchronized (lock) {
      for (int i = 0; i < keyIds.size(); i++) {
        KeyStats k = stats[i];
        if (k.changed) {
          k.changed = false;
          out.add(new Summary(k.key, k.count, k.lastStep, k.lastAt, k.lastValue, k.min, k.max));
        }
      }
    }
    return out;
  }

  /** For tests and diagnostics: keys this writer has seen. */
  public List<String> keys() {
    synchronized (lock) {
      return new ArrayList<>(keyIds.keySet());
    }
  }
}
