package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.internal.run.DefaultRun;
import dev.lineage.internal.run.RunReader;
import dev.lineage.internal.store.Direction;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.Store;
import dev.lineage.query.Closure;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.query.RunQuery;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.registry.ModelVersion;
import dev.lineage.spi.Payload;
import dev.lineage.spi.StorageBackend;
import dev.lineage.storage.fs.FileSystemBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A generated filesystem store of {@code chains × depth} runs, each using its predecessor's output plus eight
 * shared reference datasets and producing one artifact (ten edges a run). Measures cold open to a first answer
 * with the index against reading every run's records, closure queries from a model {@code depth} steps deep, and
 * a search with a param and a metric predicate. The runs' clock advances a second per reading, so the store looks
 * accumulated over about a month.
 */
final class QueryBenchmark {
  private QueryBenchmark() {}

  static void run(Path dir, int chains, int depth, int repetitions) throws Exception {
    Path store = store(dir, chains, depth);
    double[] indexed = new double[repetitions];
    // Tens of seconds a pass at 100k runs: the first pass meets the page cache as it finds it (after a reboot,
    // minutes); the second, with the runs' files cached, is the baseline the ratio uses, the harder one to beat.
    double[] scratch = new double[2];
    Node model = Node.modelVersion("chain-model", 1);
    int runs = 0;
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      try (Lineage lineage = open(store, dir)) {
        LineageGraph graph = lineage.graph();
        runs = graph.runCount();
        check(graph.upstream(model).runs().size() == depth, "closure of a " + depth + "-deep model");
      }
      indexed[r] = (System.nanoTime() - start) / 1e6;
    }
    for (int r = 0; r < scratch.length; r++) {
      long start = System.nanoTime();
      // The baseline: no index, every run's start, journal and end objects read.
      Store objects = Store.open(FileSystemBackend.open(store), java.time.Clock.systemUTC());
      RunReader reader = new RunReader(objects, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5));
      List<RunRecord> all = new ArrayList<>();
      for (var id : objects.runs().list(null).ids()) {
        all.add(reader.read(id));
      }
      check(all.size() == runs, "baseline read every run");
      scratch[r] = (System.nanoTime() - start) / 1e6;
    }
    double firstSearch;
    try (Lineage lineage = open(store, dir)) {
      LineageGraph graph = lineage.graph();
      long t = System.nanoTime();
      check(!graph.search(RunQuery.all().param("lr", v -> v.asDouble() < 0.002).limit(10)).isEmpty(), "search");
      firstSearch = (System.nanoTime() - t) / 1e6; // from the index columns; records only for the results
    }
    double[] up = new double[200];
    double[] down = new double[200];
    double[] search = new double[50];
    try (Lineage lineage = open(store, dir)) {
      LineageGraph graph = lineage.graph();
      Digest dataset = Sha256.of(referenceContent(0));
      for (int i = 0; i < up.length; i++) {
        long t = System.nanoTime();
        Closure c = graph.upstream(model);
        up[i] = (System.nanoTime() - t) / 1e6;
        check(c.hasArtifact(dataset), "the model's upstream reaches the shared dataset");
        t = System.nanoTime();
        Closure d = graph.downstream(Node.artifact(chainArtifact(0, 0)));
        down[i] = (System.nanoTime() - t) / 1e6;
        check(d.aliases().containsKey("chain-model:production"), "the chain's first output reached production");
      }
      for (int i = 0; i < search.length; i++) {
        long t = System.nanoTime();
        List<RunRecord> found = graph.search(RunQuery.all().param("lr", v -> v.asDouble() < 0.002)
            .finalMetric("accuracy", a -> a > 0.85).orderByFinalMetric("accuracy", true).limit(10));
        search[i] = (System.nanoTime() - t) / 1e6;
        check(!found.isEmpty(), "search finds runs");
      }
    }
    System.out.printf(Locale.ROOT, "lineage queries over %,d runs and %,d edges on the filesystem store:%n", runs,
        runs * 10L);
    System.out.printf(Locale.ROOT, "  cold open to first answer, with index : median %,.0f ms  [%s]%n",
        Stats.median(indexed), Stats.list(indexed, "%,.0f"));
    System.out.printf(Locale.ROOT, "  reading every run's records (no index): %,.0f ms with the page cache warm"
        + "  (first pass %,.0f ms)%n", scratch[1], scratch[0]);
    System.out.printf(Locale.ROOT, "  ratio no-index/index                  : %.1fx (target >= 20x; open target <= 2 s)%n",
        scratch[1] / Stats.median(indexed));
    System.out.printf(Locale.ROOT, "  first search after open               : %,.0f ms (target <= 100 ms)%n",
        firstSearch);
    System.out.printf(Locale.ROOT, "  upstream closure, %d deep             : p50 %.3f ms (target <= 20 ms)%n", depth,
        Stats.median(up));
    System.out.printf(Locale.ROOT, "  downstream closure from the chain root: p50 %.3f ms%n", Stats.median(down));
    System.out.printf(Locale.ROOT, "  search, param + metric predicate      : p50 %.3f ms (later searches; target "
        + "<= 20 ms)%n", Stats.median(search));
  }

  /** The generated store of {@code chains × depth} runs, generated on first use and reused after. */
  static Path store(Path dir, int chains, int depth) throws Exception {
    Path store = dir.resolve("query-store-" + chains + "x" + depth);
    if (!Files.exists(store.resolveSibling(store.getFileName() + ".generated"))) {
      IngestBenchmark.delete(store);
      generate(store, dir, chains, depth);
    }
    return store;
  }

  private static Lineage open(Path store, Path dir) {
    return Lineage.builder().store(store.toString()).cacheDir(dir.resolve("query-cache"))
        .workDir(dir.resolve("query-work")).tempDir(dir).build();
  }

  /** The content of each artifact the generated runs name: small, distinct, and stored, so the store verifies. */
  private static byte[] referenceContent(int i) {
    return ("reference dataset " + i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sourceContent(int chain) {
    return ("source " + chain).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] chainContent(int chain, int step) {
    return ("chain " + chain + " step " + step).getBytes(StandardCharsets.UTF_8);
  }

  static Digest chainArtifact(int chain, int step) {
    return Sha256.of(chainContent(chain, step));
  }

  private static Artifact artifact(byte[] content, String name) {
    return new Artifact(Sha256.of(content), ArtifactKind.FILE, content.length, Optional.of(name));
  }

  /**
   * Stores the content of every artifact the runs of {@code chains} chains, {@code depth} deep, will name, through
   * the store's own key layout, once each (the runs record them as stored, as a run whose files were stored by
   * an earlier run does): a generated store must pass verify before anything is measured on it.
   */
  static void writeBlobs(StorageBackend backend, int chains, int depth) {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < REFERENCES; i++) {
      contents.add(referenceContent(i));
    }
    for (int c = 0; c < chains; c++) {
      contents.add(sourceContent(c));
      for (int j = 0; j < depth; j++) {
        contents.add(chainContent(c, j));
      }
    }
    contents.parallelStream().forEach(b -> backend.putIfAbsent(Keys.blob(Sha256.of(b)), Payload.of(b)));
  }

  private static final int REFERENCES = 50;

  /** Verifies a generated store through the public API; a problem stops the benchmark before it measures. */
  static void verified(Lineage lineage, String what) {
    dev.lineage.maintenance.VerifyReport report = lineage.maintenance().verify();
    check(report.ok(), what + " passes verify: " + report.problems().stream().limit(5).toList());
  }

  private static void generate(Path store, Path dir, int chains, int depth) throws Exception {
    long start = System.nanoTime();
    java.time.Clock weeks = monthLongClock();
    try (Lineage lineage = Lineage.builder().store(store.toString()).cacheDir(dir.resolve("query-cache"))
        .workDir(dir.resolve("query-work")).tempDir(dir).autoIndex(0).clock(weeks).systemMetrics(false).build()) {
      try (FileSystemBackend backend = FileSystemBackend.open(store)) {
        writeBlobs(backend, chains, depth);
      }
      writeChains(lineage, chains, depth);
      Artifact model = artifact(chainContent(0, depth - 1), "model");
      ModelVersion v = lineage.registry().register("chain-model", model);
      lineage.registry().moveAlias(AliasMoveRequest.builder("chain-model", "production").expectingNone()
          .to(v.version()).reason("benchmark").source("QueryBenchmark").build());
      lineage.publishIndex().orElseThrow();
      verified(lineage, "the generated store " + store);
    }
    Files.writeString(store.resolveSibling(store.getFileName() + ".generated"), "verified");
    System.out.printf(Locale.ROOT, "  (generated %,d runs in %.0f s)%n", chains * depth,
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * A store accumulated over weeks, not written in minutes: each clock reading advances one second, so 100,000
   * runs span about a month, and the tail after a snapshot is what it would be in a real store.
   */
  static java.time.Clock monthLongClock() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(
        System.currentTimeMillis() - java.time.Duration.ofDays(60).toMillis());
    return new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public long millis() {
        return now.addAndGet(1000);
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(millis());
      }
    };
  }

  /** Writes every run of {@code chains} chains, {@code depth} deep, from eight threads. */
  static void writeChains(Lineage lineage, int chains, int depth) throws Exception {
    int threads = 8; // puts wait on I/O, so more threads than cores
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int c = thread; c < chains; c += threads) {
            for (int j = 0; j < depth; j++) {
              writeRun(lineage, c, j);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static void writeRun(Lineage lineage, int chain, int step) {
    try (DefaultRun run = (DefaultRun) lineage.newRun("step-" + step)) {
      run.logParam("lr", 0.001 * (1 + (chain + step) % 10));
      run.logParam("batch", 32L * (1 + step % 4));
      run.logParam("chain", (long) chain);
      run.logParam("step", (long) step);
      run.logParam("optimizer", step % 2 == 0 ? "adam" : "sgd");
      run.recordStored(Direction.USED, artifact(step == 0 ? sourceContent(chain) : chainContent(chain, step - 1),
          "input"));
      for (int k = 0; k < 8; k++) {
        run.recordStored(Direction.USED, artifact(referenceContent((chain + k) % REFERENCES), "reference-" + k));
      }
      run.recordStored(Direction.PRODUCED, artifact(chainContent(chain, step), "output"));
      if (chain % 10 == 0) {
        run.logMetric("accuracy", 0.8 + 0.01 * (step % 20), 0);
      }
      run.succeed();
    }
  }
}
