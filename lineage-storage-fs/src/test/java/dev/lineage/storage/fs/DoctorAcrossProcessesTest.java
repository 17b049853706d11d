package dev.lineage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.maintenance.DoctorReport;
import dev.lineage.maintenance.DoctorReport.Guarantee;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store opened by its path can be opened by other processes too: the doctor races put-if-absent between this JVM
 * and two racer JVMs, and a folder's hard-link put is atomic across them.
 */
class DoctorAcrossProcessesTest {
  @TempDir Path tmp;

  @Test
  void theDoctorRacesProcessesOverAStoreOpenedByItsPath() throws Exception {
    try (Lineage lineage = Lineage.builder().store(tmp.resolve("store").toString()).tempDir(tmp)
        .cacheDir(tmp.resolve("cache")).workDir(tmp.resolve("work")).systemMetrics(false).build()) {
      DoctorReport report = lineage.maintenance().doctor(null);
      String atomic = report.findings().stream().filter(f -> f.guarantee() == Guarantee.PUT_IF_ABSENT_ATOMIC)
          .findFirst().orElseThrow().detail();
      assertTrue(report.ok(), report.findings().toString());
      assertTrue(atomic.contains("10 rounds of 3 racing processes: exactly one CREATED each"), atomic);
      try (FileSystemBackend files = FileSystemBackend.open(tmp.resolve("store"))) {
        assertTrue(files.listAll("doctor/").isEmpty(), "no probe is left, the racers' included");
      }
    }
  }

  @Test
  void aPutIfAbsentThatIsACheckThenAWriteAcrossProcessesIsFoundNotAtomic() throws Exception {
    try (Lineage lineage = Lineage.builder().store("checkthenwrite:" + tmp.resolve("store").toUri().getPath())
        .tempDir(tmp).cacheDir(tmp.resolve("cache")).workDir(tmp.resolve("work")).systemMetrics(false).build()) {
      DoctorReport report = lineage.maintenance().doctor(null);
      var atomic = report.findings().stream().filter(f -> f.guarantee() == Guarantee.PUT_IF_ABSENT_ATOMIC)
          .findFirst().orElseThrow();
      assertTrue(!atomic.holds() && atomic.detail().startsWith("10 of 10 rounds of 3 racing processes were not "
          + "atomic"), atomic.detail());
      assertTrue(!report.manyWritersSafe());
    }
  }
}
