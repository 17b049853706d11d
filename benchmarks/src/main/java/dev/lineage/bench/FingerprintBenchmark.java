package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import dev.lineage.internal.hash.Sha256;
import dev.lineage.internal.step.FingerprintTimes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * The step code fingerprint in a 50 MB fat jar: this benchmark's own shaded jar (the samples, Lineage and every
 * library it bundles) padded with incompressible resources to 50 MB, loaded by its own class loader. Two steps:
 * the demo's pipeline class ({@code ChurnPipeline}, which reaches the samples' code, Lineage's API and the JDK),
 * and this module's {@code CliBenchmark}, which also calls Jackson, a library the fat jar bundles (one part for
 * it, from the jar's central directory).
 * Cold (a new fingerprinter: every reached class file read and parsed), with parsed class files cached (the walk
 * redone: every class file read and hashed again), and remembered; against SHA-256 of the whole jar, which is what
 * version 1 of the key did, in the same run.
 */
final class FingerprintBenchmark {
  private FingerprintBenchmark() {}

  static void run(Path dir, int repetitions) throws Exception {
    Path own = Path.of(FingerprintBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    check(Files.isRegularFile(own), "run from the shaded benchmarks jar (java -jar benchmarks/target/benchmarks.jar)");
    Path fat = fatJar(own, dir.resolve("fat-50mb.jar"), 50L << 20);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {fat.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      List<Class<?>> demo = List.of(loader.loadClass("dev.lineage.samples.ChurnPipeline"));
      List<Class<?>> withJackson = List.of(loader.loadClass("dev.lineage.bench.CliBenchmark"));
      for (int warmup = 0; warmup < 5; warmup++) { // the JIT's, as JMH would
        FingerprintTimes.measure(demo);
        FingerprintTimes.measure(withJackson);
        Sha256.of(fat);
      }
      System.out.printf(Locale.ROOT, "step code fingerprint in a %d MiB fat jar (%s), %d runs each (ms):%n",
          Files.size(fat) >> 20, fat.getFileName(), repetitions);
      report("the demo's pipeline class", demo, fat, repetitions);
      report("a class that calls Jackson (CliBenchmark)", withJackson, fat, repetitions);
    }
  }

  private static void report(String what, List<Class<?>> roots, Path fat, int repetitions) throws IOException {
    double[] cold = new double[repetitions];
    double[] cached = new double[repetitions];
    double[] remembered = new double[repetitions];
    double[] whole = new double[repetitions];
    FingerprintTimes.Times t = null;
    for (int r = 0; r < repetitions; r++) {
      System.gc(); // each measurement starts from a quiet heap: the previous one's garbage is not its cost
      t = FingerprintTimes.measure(roots);
      cold[r] = t.coldMillis();
      cached[r] = t.classCachedMillis();
      remembered[r] = t.rememberedMillis();
      System.gc();
      long start = System.nanoTime();
      Sha256.of(fat);
      whole[r] = (System.nanoTime() - start) / 1e6;
    }
    double jar = Stats.median(whole);
    System.out.printf(Locale.ROOT, "  %s: %d parts in its manifest%n", what, t.parts());
    System.out.printf(Locale.ROOT, "    cold (every class file read and parsed) : median %7.2f  [%s]  %.1f%% of the jar's hash (target <= 10%%)%n",
        Stats.median(cold), Stats.list(cold, "%.2f"), Stats.median(cold) / jar * 100);
    System.out.printf(Locale.ROOT, "    class files cached (read and hashed)    : median %7.2f  [%s]  (target <= 5)%n",
        Stats.median(cached), Stats.list(cached, "%.2f"));
    System.out.printf(Locale.ROOT, "    remembered in this JVM                  : median %7.3f  [%s]%n",
        Stats.median(remembered), Stats.list(remembered, "%.3f"));
    System.out.printf(Locale.ROOT, "    baseline: SHA-256 of the whole jar      : median %7.2f  [%s]%n", jar,
        Stats.list(whole, "%.2f"));
  }

  /** The jar's entries, then incompressible resources until the file is {@code size} bytes. */
  static Path fatJar(Path from, Path to, long size) throws IOException {
    if (Files.isRegularFile(to) && Files.size(to) >= size) {
      return to;
    }
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    try (JarFile in = new JarFile(from.toFile()); JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
      List<JarEntry> entries = new ArrayList<>(in.stream().toList());
      for (JarEntry e : entries) {
        out.putNextEntry(new JarEntry(e.getName()));
        try (InputStream body = in.getInputStream(e)) {
          body.transferTo(out);
        }
      }
      SplittableRandom random = new SplittableRandom(50);
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; Files.size(from) + (long) i * chunk.length < size; i++) {
        ZipEntry pad = new ZipEntry("padding/model-weights-" + i + ".bin");
        pad.setMethod(ZipEntry.DEFLATED);
        out.putNextEntry(pad);
        for (int b = 0; b < chunk.length; b++) {
          chunk[b] = (byte) random.nextInt();
        }
        out.write(chunk);
      }
    }
    Files.move(tmp, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return to;
  }
}
