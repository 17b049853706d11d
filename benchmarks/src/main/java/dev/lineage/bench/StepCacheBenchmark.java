package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import dev.lineage.Lineage;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.samples.ChurnPipeline;
import dev.lineage.step.Step;
import dev.lineage.step.StepResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The step cache's two figures: serving a hit over 1,000 inputs, and the demo pipeline run twice. */
final class StepCacheBenchmark {
  private StepCacheBenchmark() {}

  /**
   * A step with {@code files} inputs totalling {@code totalBytes}: the whole hit call (key from the warm hash
   * cache, entry lookup, output restore, hit run recorded) against hashing every input from scratch.
   */
  static void hit(Path dir, int files, long totalBytes, int repetitions) throws Exception {
    Path inputs = Files.createDirectories(dir.resolve("step-inputs"));
    List<Path> paths = writeInputs(inputs, files, totalBytes / files);
    Thread.sleep(2_500); // the hash cache only trusts files older than its racy window
    Path store = dir.resolve("step-store");
    double[] decideMillis = new double[repetitions];
    double[] hitMillis = new double[repetitions];
    double[] scratchMillis = new double[repetitions];
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("step-cache"))
        .workDir(dir.resolve("step-work")).tempDir(dir).build()) {
      StepResult first = declare(lineage, paths).run(ctx ->
          ctx.produce(Files.writeString(ctx.outputDir().resolve("summary.txt"), "1000 inputs"), "summary"));
      check(!first.cacheHit(), "first run must compute");
      for (int warmup = 0; warmup < 20; warmup++) { // JIT warm-up, as JMH would
        declare(lineage, paths).lookup();
      }
      for (int r = 0; r < repetitions; r++) {
        long start = System.nanoTime();
        check(declare(lineage, paths).lookup().isPresent(), "lookup must find the entry");
        decideMillis[r] = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        StepResult again = declare(lineage, paths).run(ctx -> {
          throw new IllegalStateException("a hit must not run the body");
        });
        hitMillis[r] = (System.nanoTime() - start) / 1e6;
        check(again.cacheHit(), "second run must hit");
        start = System.nanoTime();
        for (Path p : paths) {
          Sha256.of(p);
        }
        scratchMillis[r] = (System.nanoTime() - start) / 1e6;
      }
    } finally {
      IngestBenchmark.delete(inputs);
      IngestBenchmark.delete(store);
      IngestBenchmark.delete(dir.resolve("step-work"));
    }
    double scratch = Stats.median(scratchMillis);
    System.out.printf(Locale.ROOT, "step hit over %d inputs, %d MiB, %d runs each (ms):%n", files, totalBytes >> 20,
        repetitions);
    System.out.printf(Locale.ROOT, "  deciding the hit (lookup)       : median %.1f  [%s]%n", Stats.median(decideMillis),
        Stats.list(decideMillis, "%.1f"));
    System.out.printf(Locale.ROOT, "  whole hit call, warm hash cache : median %.1f  [%s]%n", Stats.median(hitMillis),
        Stats.list(hitMillis, "%.1f"));
    System.out.printf(Locale.ROOT, "  hashing the inputs from scratch : median %.1f  [%s]%n",
        Stats.median(scratchMillis), Stats.list(scratchMillis, "%.1f"));
    System.out.printf(Locale.ROOT, "  ratio decide/scratch            : %.2f%% (target < 1%%)%n",
        Stats.median(decideMillis) / scratch * 100);
    System.out.printf(Locale.ROOT, "  ratio whole hit call/scratch    : %.2f%%%n", Stats.median(hitMillis) / scratch * 100);
  }

  private static Step declare(Lineage lineage, List<Path> paths) {
    Step step = lineage.step("wide-step").param("n", paths.size()).codeVersion("bench");
    for (int i = 0; i < paths.size(); i++) {
      step.input("in-" + i, paths.get(i));
    }
    return step;
  }

  /**
   * A hit over 1 GiB of outputs (four 256 MiB files): served from an earlier restore proven unchanged (one stat a
   * file, the hash cache warm), against the copying hit every hit was before (a user cache directory that knows no
   * restore: every output read from its blob, verified and written), alternating, in the same store.
   */
  static void restore(Path dir, int repetitions) throws Exception {
    Path store = dir.resolve("restore-store");
    Path outputs = Files.createDirectories(dir.resolve("restore-outputs"));
    List<Path> made = writeInputs(outputs, 4, 256L << 20);
    double[] copying = new double[repetitions];
    double[] reusing = new double[repetitions];
    double firstReuse;
    try {
      try (Lineage lineage = open(store, dir.resolve("restore-cache-compute"), dir)) {
        check(!produce(lineage, made).cacheHit(), "the first run computes");
      }
      Path reuseCache = dir.resolve("restore-cache-reuse");
      try (Lineage lineage = open(store, reuseCache, dir)) {
        check(produce(lineage, made).cacheHit(), "a hit restores");
      }
      Thread.sleep(2_500); // the hash cache trusts a file's stamp once it is older than its racy window
      try (Lineage lineage = open(store, reuseCache, dir)) {
        long start = System.nanoTime();
        check(produce(lineage, made).cacheHit(), "a hit reuses");
        firstReuse = (System.nanoTime() - start) / 1e6;
      }
      for (int r = 0; r < repetitions; r++) {
        try (Lineage lineage = open(store, dir.resolve("restore-cache-copy-" + r), dir)) {
          long start = System.nanoTime();
          StepResult hit = produce(lineage, made);
          copying[r] = (System.nanoTime() - start) / 1e6;
          check(hit.cacheHit(), "the copying hit hits");
          IngestBenchmark.delete(hit.output("model").path().getParent());
        }
        try (Lineage lineage = open(store, reuseCache, dir)) {
          long start = System.nanoTime();
          StepResult hit = produce(lineage, made);
          reusing[r] = (System.nanoTime() - start) / 1e6;
          check(hit.cacheHit(), "the reusing hit hits");
        }
      }
    } finally {
      IngestBenchmark.delete(outputs);
      IngestBenchmark.delete(store);
      IngestBenchmark.delete(dir.resolve("restore-work"));
    }
    System.out.printf(Locale.ROOT, "step hit over 1 GiB of outputs (4 files), %d runs each, alternating (ms):%n",
        repetitions);
    System.out.printf(Locale.ROOT, "  copying hit (no earlier restore: read, verify, write) : median %,.0f  [%s]%n",
        Stats.median(copying), Stats.list(copying, "%,.0f"));
    System.out.printf(Locale.ROOT, "  hit served from an earlier restore proven unchanged  : median %,.1f  [%s]%n",
        Stats.median(reusing), Stats.list(reusing, "%,.1f"));
    System.out.printf(Locale.ROOT, "  the first such hit (its files read once, then known)  : %,.0f%n", firstReuse);
    System.out.printf(Locale.ROOT, "  ratio reusing/copying                                 : %.2f%% (target <= 5%%)%n",
        Stats.median(reusing) / Stats.median(copying) * 100);
  }

  private static Lineage open(Path store, Path cache, Path dir) {
    return Lineage.builder().store(store.toString()).cacheDir(cache).workDir(dir.resolve("restore-work")).tempDir(dir)
        .systemMetrics(false).build();
  }

  /** A step whose outputs are the given files (copied into its output directory as a model directory). */
  private static StepResult produce(Lineage lineage, List<Path> files) throws IOException {
    return lineage.step("big-model").param("files", files.size()).codeVersion("bench").run(ctx -> {
      Path model = Files.createDirectories(ctx.outputDir().resolve("model"));
      for (Path f : files) {
        Files.copy(f, model.resolve(f.getFileName()));
      }
      ctx.produce(model, "model");
    });
  }

  /** The demo pipeline in a fresh store, twice: the second run's wall time against the first's. */
  static void demoTwice(Path dir, int repetitions) throws Exception {
    double[] first = new double[repetitions];
    double[] second = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      Path store = dir.resolve("demo-store-" + r);
      try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("demo-cache"))
          .workDir(dir.resolve("demo-work")).tempDir(dir).build()) {
        long start = System.nanoTime();
        ChurnPipeline.run(lineage, ChurnPipeline.Params.defaults());
        first[r] = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        ChurnPipeline.Outcome again = ChurnPipeline.run(lineage, ChurnPipeline.Params.defaults());
        second[r] = (System.nanoTime() - start) / 1e6;
        check(again.steps().values().stream().allMatch(StepResult::cacheHit), "second pipeline run must be all hits");
      } finally {
        IngestBenchmark.delete(store);
        IngestBenchmark.delete(dir.resolve("demo-work"));
      }
    }
    System.out.printf(Locale.ROOT, "demo pipeline (4 steps) in a fresh store, %d times (ms):%n", repetitions);
    System.out.printf(Locale.ROOT, "  first run (all misses)  : median %.0f  [%s]%n", Stats.median(first),
        Stats.list(first, "%.0f"));
    System.out.printf(Locale.ROOT, "  second run (all hits)   : median %.0f  [%s]%n", Stats.median(second),
        Stats.list(second, "%.0f"));
    System.out.printf(Locale.ROOT, "  ratio second/first      : %.3f%n", Stats.median(second) / Stats.median(first));
  }

  private static List<Path> writeInputs(Path dir, int files, long bytesEach) throws IOException {
    List<Path> paths = new ArrayList<>();
    byte[] block = new byte[(int) Math.min(bytesEach, 1 << 20)];
    Random random = new Random(7);
    for (int i = 0; i < files; i++) {
      random.nextBytes(block);
      Path p = dir.resolve(String.format("part-%04d.bin", i));
      try (OutputStream out = Files.newOutputStream(p)) {
        for (long written = 0; written < bytesEach; written += block.length) {
          out.write(block, 0, (int) Math.min(block.length, bytesEach - written));
        }
      }
      paths.add(p);
    }
    return paths;
  }
}
