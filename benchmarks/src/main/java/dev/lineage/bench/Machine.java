package dev.lineage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The line every benchmark run starts with: ratios travel between machines, absolute figures need this. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
    } catch (IOException | RuntimeException e) {
      // not Linux: the JVM's own description below still says what ran
    }
    return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name")
        + " " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }
}
