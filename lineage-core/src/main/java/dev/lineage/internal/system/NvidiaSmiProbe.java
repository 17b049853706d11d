package dev.lineage.internal.system;

import dev.lineage.spi.gpu.GpuProbe;
import dev.lineage.spi.gpu.GpuReading;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * GPUs through {@code nvidia-smi --query-gpu=... --format=csv,noheader,nounits}, one call per sample.
 *
 * <p>One call per interval rather than a long-lived {@code -lms} process: at the default 10 s interval the
 * call's cost is measured by the sampler benchmark (docs/system-metrics.md), a hung or crashed call is simply
 * killed and the next interval starts clean, and nothing is left running between samples.
 */
public final class NvidiaSmiProbe implements GpuProbe {
  static final String QUERY = "index,uuid,utilization.gpu,memory.used,memory.total,power.draw,temperature.gpu";

  private final Optional<Path> executable;
  private final Duration timeout;
  private volatile Process running;

  /** Looks for {@code nvidia-smi} on {@code path} (a PATH-style list of directories). */
  public NvidiaSmiProbe(String path, Duration timeout) {
    this.executable = find(path);
    this.timeout = timeout;
  }

  static Optional<Path> find(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "nvidia-smi");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String name() {
    return "nvidia-smi";
  }

  @Override
  public boolean available() {
    return executable.isPresent();
  }

  @Override
  public List<GpuReading> read() throws ProbeException {
    Path exe = executable.orElseThrow(() -> new ProbeException("nvidia-smi is not on PATH"));
    Process p;
    try {
      p = new ProcessBuilder(exe.toString(), "--query-gpu=" + QUERY, "--format=csv,noheader,nounits")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new ProbeException("cannot start " + exe + ": " + e.getMessage(), e);
    }
    running = p;
    try {
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ProbeException("nvidia-smi did not answer within " + timeout.toMillis() + " ms; killed it");
      }
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      }
      if (p.exitValue() != 0) {
        throw new ProbeException("nvidia-smi exited with " + p.exitValue());
      }
      List<GpuReading> readings = parse(out);
      if (readings.isEmpty() && !out.isBlank()) {
        throw new ProbeException("nvidia-smi printed nothing parseable: " + abbreviate(out));
      }
      return readings;
    } catch (IOException e) {
      throw new ProbeException("cannot read nvidia-smi's output: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException("interrupted while waiting for nvidia-smi", e);
    } finally {
      p.destroyForcibly();
      running = null;
    }
  }

  /** Parses CSV lines; a malformed line is skipped, a field reading [N/A] or [Not Supported] is left empty. */
  static List<GpuReading> parse(String out) {
    List<GpuReading> readings = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s*,\\s*");
      if (f.length != 7) {
        continue;
      }
      try {
        readings.add(new GpuReading(Integer.parseInt(f[0]), f[1], number(f[2]), number(f[3]), number(f[4]),
            number(f[5]), number(f[6])));
      } catch (NumberFormatException notAGpuLine) {
        // the index must be a number; anything else is not a reading
      }
    }
    return readings;
  }

  private static OptionalDouble number(String field) {
    try {
      double v = Double.parseDouble(field);
      return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty(); // [N/A], [Not Supported], or anything else unreadable
    }
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() > 120 ? one.substring(0, 120) + "…" : one;
  }

  @Override
  public void close() {
    Process p = running;
    if (p != null) {
      p.destroyForcibly();
    }
  }
}
