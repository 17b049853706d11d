package dev.lineage.bench;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.internal.run.DefaultRun;
import dev.lineage.internal.system.NvidiaSmiProbe;
import dev.lineage.internal.system.SystemSampler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The system sampler's own CPU cost per sample, and so per hour at the default 10 s interval: the sampling
 * thread's CPU time plus that of the probe processes it starts. Baseline in the same run: the same sampler with
 * no GPU probe (CPU and memory only).
 */
final class SamplerBenchmark {
  private static final String H100 = "0, GPU-1c0e9a7e-3f0a-2b11-9a0c-5e2d7c1f8b3a, 100, 72011, 81559, 698.12, 71";

  private SamplerBenchmark() {}

  static void run(Path dir, int samples) throws Exception {
    Path fake = Files.createDirectories(dir.resolve("fake-nvidia-smi"));
    Path exe = fake.resolve("nvidia-smi");
    Files.writeString(exe, "#!/bin/sh\necho '" + H100 + "'\necho '" + H100.replace("0, GPU-1", "1, GPU-2") + "'\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    double withoutGpu = perSampleMillis(dir, null, samples);
    double withGpu = perSampleMillis(dir, new NvidiaSmiProbe(fake.toString(), Duration.ofSeconds(5)), samples);
    System.out.printf(Locale.ROOT, "system sampler CPU cost, %d samples each (JVM thread + probe processes):%n",
        samples);
    print("CPU and memory only (baseline)", withoutGpu);
    print("with nvidia-smi (fake, 2 GPUs)", withGpu);
    System.out.printf(Locale.ROOT, "  ratio with GPU probe / baseline   : %.1fx%n", withGpu / withoutGpu);
    Optional<Path> real = onPath("nvidia-smi");
    if (real.isPresent()) { // a machine with GPUs: the real nvidia-smi (which starts NVML on every call) too
      double withReal = perSampleMillis(dir, new NvidiaSmiProbe(real.get().getParent().toString(),
          Duration.ofSeconds(5)), samples);
      print("with nvidia-smi (real, " + real.get() + ")", withReal);
      System.out.printf(Locale.ROOT, "  ratio real probe / baseline       : %.1fx%n", withReal / withoutGpu);
    }
  }

  static Optional<Path> onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, exe);
      if (!d.isEmpty() && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static void print(String label, double perSample) {
    double perHourSeconds = perSample * 360 / 1000; // 360 samples an hour at 10 s
    System.out.printf(Locale.ROOT, "  %-33s: %.3f ms/sample, %.2f s CPU per hour at 10 s = %.4f%% of one core "
        + "(target < 0.1%%)%n", label, perSample, perHourSeconds, perHourSeconds / 3600 * 100);
  }

  private static double perSampleMillis(Path dir, NvidiaSmiProbe probe, int samples) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (Lineage lineage = Lineage.builder().store("mem:").tempDir(dir).cacheDir(dir.resolve("sampler-cache"))
        .workDir(dir.resolve("sampler-work")).systemMetrics(false).build();
        Run run = lineage.newRun("sampled");
        SystemSampler sampler = new SystemSampler(probe, Duration.ofHours(1), 10, Clock.systemUTC(), null)) {
      sampler.start((DefaultRun) run);
      for (int i = 0; i < 50; i++) {
        sampler.sampleNow(); // warm-up
      }
      long cpu = threads.getCurrentThreadCpuTime();
      long children = childrenCpuMillis();
      for (int i = 0; i < samples; i++) {
        sampler.sampleNow();
      }
      double jvm = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
      double probes = childrenCpuMillis() - children;
      return (jvm + probes) / samples;
    }
  }

  /** User plus system CPU of this process's waited-for children, from /proc/self/stat (clock ticks of 10 ms). */
  private static long childrenCpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
  }
}
