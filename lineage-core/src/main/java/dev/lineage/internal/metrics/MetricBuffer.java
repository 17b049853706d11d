package dev.lineage.internal.metrics;

import dev.lineage.RunId;
import dev.lineage.StorageException;
import dev.lineage.internal.Names;
import dev.lineage.internal.store.StoreLayout;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.util.Utf8;

/**
 * One writer's metric points on their way to Parquet segments in the store.
 *
 * <p>The caller appends to a chunk of primitive arrays under a short lock. Full chunks go into a bounded
 * queue; when the queue is full the caller waits (back-pressure), so memory is bounded by
 * {@code bufferPoints}. A drain task on the executor writes queued chunks into a local segment file;
 * {@link #flush()} (on time, on demand and on close) publishes the segment with put-if-absent.
 *
 * <p>Lock order: {@code lock} is never held while waiting for {@code drainLock}, and the drain never takes
 * {@code lock}, so a caller blocked on a full queue cannot deadlock a flush.
 */
public final class MetricBuffer {
  static final int CHUNK_POINTS = 4096;
  /** A segment is closed and published when it reaches this many points, even between flushes. */
  static final long MAX_SEGMENT_POINTS = 1L << 21;

  private static final System.Logger LOG = System.getLogger(MetricBuffer.class.getName());

  private final RunId runId;
  private final String writerId;
  private final StorageBackend backend;
  private final Clock clock;
  private final Executor executor;
  private final Path tempDir;

  private final Object lock = new Object();
  private final Map<String, Integer> keyIds = new HashMap<>();
  private long[] nextStep = new long[16];
  private PointChunk current = new PointChunk(CHUNK_POINTS);

  private final BlockingQueue<PointChunk> full;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ReentrantLock drainLock = new ReentrantLock();
  // Guarded by drainLock:
  private volatile Utf8[] keys = new Utf8[0];
  private SegmentWriter segment;
  private Path segmentFile;
  private long segmentSeq;
  private final ArrayDeque<Path> unpublished = new ArrayDeque<>();
  private volatile Throwable failure;

  public MetricBuffer(RunId runId, String writerId, StorageBackend backend, Clock clock, Executor executor,
      Path tempDir, int bufferPoints) {
    this.runId = runId;
    this.writerId = writerId;
    this.backend = backend;
    this.clock = clock;
    this.executor = executor;
    this.tempDir = tempDir;
    this.full = new ArrayBlockingQueue<>(Math.max(1, bufferPoints / CHUNK_POINTS));
  }

  public void log(String key, double value, long step) {
    PointChunk handOff = null;
    synchronized (lock) {
      int id = keyId(key);
      if (step >= nextStep[id]) {
        nextStep[id] = step == Long.MAX_VALUE ? step : step + 1;
      }
      if (current.add(id, step, clock.millis(), value)) {
        handOff = current;
        current = new PointChunk(CHUNK_POINTS);
        enqueue(handOff);
      }
    }
    if (handOff != null) {
      scheduleDrain();
    }
  }

  public void log(String key, double value) {
    PointChunk handOff = null;
    synchronized (lock) {
      int id = keyId(key);
      long step = nextStep[id];
      nextStep[id] = step == Long.MAX_VALUE ? step : step + 1;
      if (current.add(id, step, clock.millis(), value)) {
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
    }
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

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      executor.execute(() -> {
        drainScheduled.set(false);
        drainLock.lock();
        try {
          drain();
        } catch (IOException | RuntimeException e) {
          recordFailure(e);
        } finally {
          drainLock.unlock();
        }
      });
    }
  }

  /** Writes every buffered point and publishes the segment. Throws if any earlier background write failed. */
  public void flush() {
    PointChunk partial;
    synchronized (lock) {
      partial = current.size > 0 ? current : null;
      if (partial != null) {
        current = new PointChunk(CHUNK_POINTS);
      }
    }
    drainLock.lock();
    try {
      drain();
      if (partial != null) {
        write(partial);
      }
      closeSegment();
      publishPending();
    } catch (IOException | RuntimeException e) {
      recordFailure(e);
    } finally {
      drainLock.unlock();
    }
    Throwable f = failure;
    if (f != null) {
      failure = null; // reported once, here; later flushes report only later failures
      throw new StorageException("writing metrics of run " + runId + " failed: " + f.getMessage()
          + (unpublished.isEmpty() ? "" : "; unpublished segments kept at " + unpublished), f);
    }
  }

  private void drain() throws IOException {
    PointChunk chunk;
    while ((chunk = full.poll()) != null) {
      write(chunk);
    }
  }

  private void write(PointChunk chunk) throws IOException {
    if (segment == null) {
      segmentFile = Files.createTempFile(tempDir, "lineage-segment-", ".parquet");
      segment = new SegmentWriter(segmentFile, runId.value());
    }
    segment.write(chunk, keys);
    if (segment.points() >= MAX_SEGMENT_POINTS) {
      closeSegment();
      publishPending();
    }
  }

  private void closeSegment() throws IOException {
    if (segment != null) {
      SegmentWriter closing = segment;
      segment = null;
      closing.close();
      unpublished.add(segmentFile);
    }
  }

  private void publishPending() throws IOException {
    while (!unpublished.isEmpty()) {
      Path file = unpublished.peek();
      String key = StoreLayout.metricSegment(runId, writerId, segmentSeq);
      if (backend.putIfAbsent(key, Payload.of(file)) != PutResult.CREATED) {
        throw new StorageException("metric segment " + key + " already exists: writer ids must be unique");
      }
      segmentSeq++;
      unpublished.remove();
      Files.deleteIfExists(file);
    }
  }

  private void recordFailure(Throwable e) {
    if (failure == null) {
      failure = e;
      LOG.log(System.Logger.Level.WARNING, "writing metrics of run " + runId + " failed", e);
    }
  }

  /** For tests and diagnostics: keys this writer has seen. */
  public List<String> keys() {
    synchronized (lock) {
      return new ArrayList<>(keyIds.keySet());
    }
  }
}
