package dev.lineage.internal.system;

import dev.lineage.GpuSummary;
import dev.lineage.internal.DaemonThreads;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.spi.gpu.GpuProbe;
import dev.lineage.spi.gpu.GpuReading;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples this process, the machine and its GPUs every interval while any run is open, and logs the values
 * into every open run as metrics under reserved {@code lineage.} keys. One daemon thread per Lineage, one probe
 * call per interval whatever the number of runs; a failing or hanging probe is killed at its timeout and
 * logged once, and never touches the training threads.
 */
public final class SystemSampler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SystemSampler.class.getName());
  /** What this process has said about its GPUs: once a process, not once a Lineage. */
  private static final java.util.Set<String> SAID = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final GpuProbe probe;
  private final Duration interval;
  private final double idleBelowPercent;
  private final Clock clock;
  private final Set<String> visibleDevices;
  private final ProcessMetrics process = new ProcessMetrics();
  private final Map<SampledRun, RunSampling> runs = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean probeFailureLogged = new AtomicBoolean();
  private final Ticks ticks;
  private volatile boolean gpus;

  /**
   * What takes the samples: a thread of its own, every interval; in a test, the test itself ({@link #sampleNow}),
   * so that what a run records does not depend on how the machine schedules a thread.
   */
  interface Ticks extends AutoCloseable {
    /** Calls {@code tick} at once and then every {@code interval}, until closed. */
    void every(Duration interval, Runnable tick);

    @Override
    void close();

    /** A daemon thread named {@code lineage-sampler}. */
    static Ticks onThread() {
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
          DaemonThreads.named("lineage-sampler"));
      return new Ticks() {
        @Override
        public void every(Duration interval, Runnable tick) {
          timer.scheduleAtFixedRate(tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
          timer.shutdownNow();
          try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
    }
  }

  /** Per-run state: when it started and each GPU's samples. */
  private static final class RunSampling {
    final long startedMillis;
    final Map<Integer, GpuStats> gpus = new TreeMap<>();

    RunSampling(long startedMillis) {
      this.startedMillis = startedMillis;
    }
  }

  /**
   * @param cudaVisibleDevices the value of CUDA_VISIBLE_DEVICES, or null: GPUs outside it are not the run's
   */
  public SystemSampler(GpuProbe probe, Duration interval, double idleBelowPercent, Clock clock,
      String cudaVisibleDevices) {
    this(probe, interval, idleBelowPercent, clock, cudaVisibleDevices, Ticks.onThread());
  }

  SystemSampler(GpuProbe probe, Duration interval, double idleBelowPercent, Clock clock, String cudaVisibleDevices,
      Ticks ticks) {
    this.ticks = ticks;
    this.probe = probe;
    this.interval = interval;
    this.idleBelowPercent = idleBelowPercent;
    this.clock = clock;
    this.visibleDevices = cudaVisibleDevices == null ? null : Set.of(cudaVisibleDevices.trim().split("\\s*,\\s*"));
  }

  /** Starts sampling into {@code run} until it closes; the first sample is taken at once. */
  public void start(SampledRun run) {
    runs.put(run, new RunSampling(clock.millis())); // before the first tick can look
    run.onClosing(() -> finish(run));
    if (started.compareAndSet(false, true)) {
      gpus = probe != null && probe.available();
      if (!gpus) {
        String why = probe == null ? "GPU sampling is off"
            : "no GPU metrics: " + probe.name() + " is not available on this machine";
        if (SAID.add(why)) {
          LOG.log(System.Logger.Level.INFO, why);
        }
      }
      ticks.every(interval, this::tick);
    }
  }

  /** Takes one sample now, on the caller's thread (the benchmark measures its cost this way, tests tick so). */
  public void sampleNow() {
    tick();
  }

  private void tick() {
    if (runs.isEmpty()) {
      return;
    }
    try {
      // CPU and memory first: a slow GPU probe must not delay or lose them.
      Map<String, Double> system = process.sample();
      for (SampledRun run : runs.keySet()) {
        logQuietly(run, () -> system.forEach(run::logSystemMetric));
      }
      List<GpuReading> readings = gpus ? readGpus() : List.of();
      for (Map.Entry<SampledRun, RunSampling> e : runs.entrySet()) {
        logQuietly(e.getKey(), () -> readings.forEach(g -> logGpu(e.getKey(), e.getValue(), g)));
      }
    } catch (RuntimeException unexpected) {
      LOG.log(System.Logger.Level.WARNING, "system metrics sample failed", unexpected);
    }
  }

  private static void logQuietly(SampledRun run, Runnable log) {
    try {
      log.run();
    } catch (dev.lineage.InvalidInputException closedMeanwhile) {
      // the run closed between the lookup and the log: its summary is already taken
    }
  }

  private List<GpuReading> readGpus() {
    try {
      List<GpuReading> all = probe.read();
      List<GpuReading> visible = new ArrayList<>();
      for (GpuReading g : all) {
        if (visibleDevices == null || visibleDevices.contains(Integer.toString(g.index()))
            || visibleDevices.contains(g.uuid())) {
          visible.add(g);
        }
      }
      return visible;
    } catch (GpuProbe.ProbeException e) {
      if (probeFailureLogged.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, probe.name() + " failed; GPU samples are skipped until it answers "
            + "again (logged once): " + e.getMessage());
      }
      return List.of();
    }
  }

  private void logGpu(SampledRun run, RunSampling sampling, GpuReading g) {
    String p = "lineage.gpu." + g.index() + ".";
    g.utilizationPercent().ifPresent(v -> run.logSystemMetric(p + "utilization_pct", v));
    g.memoryUsedMiB().ifPresent(v -> run.logSystemMetric(p + "memory_used_mib", v));
    g.memoryTotalMiB().ifPresent(v -> run.logSystemMetric(p + "memory_total_mib", v));
    g.powerWatts().ifPresent(v -> run.logSystemMetric(p + "power_watts", v));
    g.temperatureCelsius().ifPresent(v -> run.logSystemMetric(p + "temperature_c", v));
    synchronized (sampling) {
      GpuStats stats = sampling.gpus.computeIfAbsent(g.index(), i -> new GpuStats(i, g.uuid()));
      g.utilizationPercent().ifPresent(v -> stats.add(v, idleBelowPercent));
    }
  }

  /** Stops sampling the run and records its GPU summary as a typed fact of the run. */
  private void finish(SampledRun run) {
    RunSampling sampling = runs.remove(run);
    if (sampling == null) {
      return;
    }
    List<GpuSummary> summaries = new ArrayList<>();
    double hoursHeld = (clock.millis() - sampling.startedMillis) / 3_600_000.0;
    synchronized (sampling) {
      sampling.gpus.values().forEach(s -> summaries.add(s.summary(hoursHeld)));
    }
    if (summaries.isEmpty()) {
      return;
    }
    run.recordFact(new JournalEvent.Gpus(clock.millis(), idleBelowPercent, summaries.stream().map(s ->
        new JournalEvent.Gpu(s.index(), s.uuid(), s.meanUtilization(), s.p50Utilization(), s.maxUtilization(),
            s.hoursHeld(), s.hoursIdle())).toList()));
    double held = summaries.stream().mapToDouble(GpuSummary::hoursHeld).sum();
    double idle = summaries.stream().mapToDouble(GpuSummary::hoursIdle).sum();
    if (idle > held / 2) {
      LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT, "run %s held %d GPU(s) idle (below %.0f%% "
          + "utilisation) for %.0f%% of %.3f GPU-hours", run.id(), summaries.size(), idleBelowPercent,
          100 * idle / held, held));
    }
  }

  /** Stops the sampler thread and any probe process still running. */
  @Override
  public void close() {
    ticks.close();
    if (probe != null) {
      probe.close();
    }
  }
}
