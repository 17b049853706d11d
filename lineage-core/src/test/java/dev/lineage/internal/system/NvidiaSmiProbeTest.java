package dev.lineage.internal.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.spi.gpu.GpuProbe;
import dev.lineage.spi.gpu.GpuReading;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiProbeTest {
  @TempDir Path dir;

  private NvidiaSmiProbe probe(String path) {
    return new NvidiaSmiProbe(path, Duration.ofSeconds(2));
  }

  @Test
  void readsOneGpu() throws Exception {
    List<GpuReading> r = probe(FakeNvidiaSmi.printing(dir, "one", FakeNvidiaSmi.H100)).read();
    assertEquals(List.of(new GpuReading(0, "GPU-1c0e9a7e-3f0a-2b11-9a0c-5e2d7c1f8b3a", OptionalDouble.of(100),
        OptionalDouble.of(72011), OptionalDouble.of(81559), OptionalDouble.of(698.12), OptionalDouble.of(71))), r);
  }

  @Test
  void readsTwoGpus() throws Exception {
    List<GpuReading> r = probe(FakeNvidiaSmi.printing(dir, "two", FakeNvidiaSmi.H100, FakeNvidiaSmi.A10G)).read();
    assertEquals(2, r.size());
    assertEquals(1, r.get(1).index());
    assertEquals(OptionalDouble.of(3), r.get(1).utilizationPercent());
  }

  @Test
  void anUnsupportedFieldIsSkippedAloneNeverTheWholeGpu() throws Exception {
    List<GpuReading> r = probe(FakeNvidiaSmi.printing(dir, "na",
        "0, GPU-aaaa, [N/A], 1024, 81559, [Not Supported], 40", FakeNvidiaSmi.A10G)).read();
    assertEquals(2, r.size(), "both GPUs are read");
    assertEquals(OptionalDouble.empty(), r.get(0).utilizationPercent());
    assertEquals(OptionalDouble.empty(), r.get(0).powerWatts());
    assertEquals(OptionalDouble.of(1024), r.get(0).memoryUsedMiB());
    assertEquals(OptionalDouble.of(40), r.get(0).temperatureCelsius());
  }

  @Test
  void garbageIsAFailureAndAGarbageLineIsSkipped() throws Exception {
    GpuProbe.ProbeException e = assertThrows(GpuProbe.ProbeException.class, () -> probe(FakeNvidiaSmi.printing(dir,
        "garbage", "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")).read());
    assertTrue(e.getMessage().contains("nothing parseable"), e.getMessage());
    assertEquals(1, probe(FakeNvidiaSmi.printing(dir, "mixed", "Warning: persistence mode is disabled",
        FakeNvidiaSmi.A10G)).read().size());
  }

  @Test
  void aHangingProbeIsKilledAtItsTimeout() throws Exception {
    NvidiaSmiProbe hanging = new NvidiaSmiProbe(FakeNvidiaSmi.install(dir, "hang", "exec sleep 60"),
        Duration.ofMillis(500));
    long start = System.nanoTime();
    GpuProbe.ProbeException e = assertThrows(GpuProbe.ProbeException.class, hanging::read);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 3000, "returned after " + millis + " ms");
    assertTrue(e.getMessage().contains("killed"), e.getMessage());
    // The kill is asynchronous and the process table sends no event: poll it, failing if the process stays.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ProcessHandle.current().descendants().anyMatch(p -> p.info().command().orElse("").endsWith("sleep"))) {
      assertTrue(System.nanoTime() < deadline, "the hung process was killed");
      Thread.sleep(20);
    }
  }

  @Test
  void aNonZeroExitIsAFailure() throws Exception {
    GpuProbe.ProbeException e = assertThrows(GpuProbe.ProbeException.class,
        () -> probe(FakeNvidiaSmi.install(dir, "crash", "echo oops >&2; exit 9")).read());
    assertTrue(e.getMessage().contains("9"), e.getMessage());
  }

  @Test
  void withoutNvidiaSmiOnPathTheProbeIsUnavailable() {
    assertFalse(probe(dir.toString()).available());
    assertFalse(probe(null).available());
  }
}
