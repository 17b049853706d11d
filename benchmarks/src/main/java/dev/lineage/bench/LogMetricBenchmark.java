package dev.lineage.bench;

import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of {@code logMetric} on the caller's thread, against the obvious design it replaces: one object per
 * point into an unbounded concurrent queue that a background thread drains.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LogMetricBenchmark {
  private Path dir;
  private Lineage lineage;
  private Run run;
  private long step;

  private final ConcurrentLinkedQueue<MetricPoint> queue = new ConcurrentLinkedQueue<>();
  private volatile boolean draining;
  private Thread drainer;

  @Setup(Level.Trial)
  public void open() throws Exception {
    dir = Files.createTempDirectory("lineage-bench-logmetric");
    lineage = Lineage.builder().store(dir.resolve("store").toString()).tempDir(dir).build();
    run = lineage.newRun("bench");
    draining = true;
    drainer = new Thread(() -> {
      while (draining) {
        if (queue.poll() == null) {
          Thread.onSpinWait();
        }
      }
    }, "baseline-drainer");
    drainer.setDaemon(true);
    drainer.start();
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    run.close();
    lineage.close();
    draining = false;
    drainer.join();
    Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
  }

  @Benchmark
  public void lineageLogMetric() {
    long s = step++;
    run.logMetric("loss", 1.0 / (1 + s), s);
  }

  @Benchmark
  public boolean baselineObjectQueue() {
    long s = step++;
    return queue.offer(new MetricPoint("loss", s, System.currentTimeMillis(), 1.0 / (1 + s)));
  }
}
