package dev.lineage.internal.system;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU and memory of this process and machine, from the JVM's MXBeans and, on Linux, /proc. */
final class ProcessMetrics {
  static final String CPU_PROCESS = "lineage.sys.cpu_process";
  static final String CPU_SYSTEM = "lineage.sys.cpu_system";
  static final String HEAP_USED = "lineage.sys.heap_used_bytes";
  static final String HEAP_COMMITTED = "lineage.sys.heap_committed_bytes";
  static final String RSS = "lineage.sys.rss_bytes";

  private static final Path STATUS = Path.of("/proc/self/status");
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

  /** The current values; a value the platform does not expose is left out. */
  Map<String, Double> sample() {
    Map<String, Double> m = new LinkedHashMap<>();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
      putIfKnown(m, CPU_PROCESS, sun.getProcessCpuLoad());
      putIfKnown(m, CPU_SYSTEM, sun.getCpuLoad());
    }
    MemoryUsage heap = memory.getHeapMemoryUsage();
    m.put(HEAP_USED, (double) heap.getUsed());
    m.put(HEAP_COMMITTED, (double) heap.getCommitted());
    long rss = residentBytes();
    if (rss >= 0) {
      m.put(RSS, (double) rss);
    }
    return m;
  }

  private static void putIfKnown(Map<String, Double> m, String key, double value) {
    if (value >= 0 && Double.isFinite(value)) { // the MXBeans report negative when unknown
      m.put(key, value);
    }
  }

  /** VmRSS from /proc/self/status, or -1 where the OS does not expose it. */
  static long residentBytes() {
    if (!Files.isReadable(STATUS)) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
