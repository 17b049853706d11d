package dev.lineage.bench;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Hashing a large file through the artifact path ({@code run.use} of content the store already has, with an
 * empty hash cache, so the time is the streamed SHA-256 plus one existence check), against {@code openssl dgst -sha256} on the same
 * file, alternating, with the page cache warm for both.
 */
final class HashBenchmark {
  private HashBenchmark() {}

  static void run(Path dir, long bytes, int repetitions) throws Exception {
    Path file = dir.resolve("hash-input.bin");
    write(file, bytes);
    double[] lineage = new double[repetitions];
    double[] openssl = new double[repetitions];
    Path store = dir.resolve("hash-store");
    String expected;
    try (Lineage l = open(store, dir, "hash-cache-first"); Run run = l.newRun("store-once")) {
      expected = run.use(file).digest().hex(); // first use stores the blob
    }
    try {
      opensslOnce(file); // warm up
      for (int r = 0; r < repetitions; r++) {
        // An empty hash cache each time: this measures hashing, not the cache that skips it.
        try (Lineage l = open(store, dir, "hash-cache-" + r); Run run = l.newRun("hash")) {
          long start = System.nanoTime();
          Artifact a = run.use(file);
          lineage[r] = bytes / ((System.nanoTime() - start) / 1e9) / (1 << 20);
          check(expected, a.digest().hex());
        }
        long start = System.nanoTime();
        String digest = opensslOnce(file);
        openssl[r] = bytes / ((System.nanoTime() - start) / 1e9) / (1 << 20);
        check(expected, digest);
      }
    } finally {
      Files.deleteIfExists(file);
      IngestBenchmark.delete(store);
      for (int r = 0; r < repetitions; r++) {
        IngestBenchmark.delete(dir.resolve("hash-cache-" + r));
      }
      IngestBenchmark.delete(dir.resolve("hash-cache-first"));
    }
    System.out.printf(Locale.ROOT, "hash %d MiB file, %d runs each (MiB/s):%n", bytes >> 20, repetitions);
    System.out.printf(Locale.ROOT, "  lineage run.use (SHA-256)     : median %,.0f  [%s]%n", Stats.median(lineage),
        Stats.list(lineage, "%,.0f"));
    System.out.printf(Locale.ROOT, "  openssl dgst -sha256          : median %,.0f  [%s]%n", Stats.median(openssl),
        Stats.list(openssl, "%,.0f"));
    System.out.printf(Locale.ROOT, "  ratio lineage/openssl         : %.2fx (target >= 0.9x)%n",
        Stats.median(lineage) / Stats.median(openssl));
  }

  private static Lineage open(Path store, Path dir, String cache) {
    return Lineage.builder().store(store.toString()).tempDir(dir).cacheDir(dir.resolve(cache))
        .workDir(dir.resolve("hash-work")).systemMetrics(false).build();
  }

  private static void check(String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("digests differ: " + expected + " vs " + actual);
    }
  }

  private static String opensslOnce(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-r", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0) {
      throw new IOException("openssl failed: " + new String(p.getErrorStream().readAllBytes()));
    }
    return out.split(" ")[0];
  }

  private static void write(Path file, long bytes) throws IOException {
    byte[] block = new byte[1 << 20];
    new Random(1).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < bytes; written += block.length) {
        block[0]++; // every MiB differs
        out.write(block, 0, (int) Math.min(block.length, bytes - written));
      }
    }
  }
}
