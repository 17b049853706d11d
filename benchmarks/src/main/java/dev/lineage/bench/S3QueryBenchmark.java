package dev.lineage.bench;

import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.internal.run.RunReader;
import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.query.LineageGraph;
import dev.lineage.query.Node;
import dev.lineage.storage.s3.Credentials;
import dev.lineage.storage.s3.S3Backend;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A store of {@code chains × depth} runs in S3Proxy on loopback: opening it to a first lineage answer with the
 * index, against reading every run's records.
 */
final class S3QueryBenchmark {
  private S3QueryBenchmark() {}

  static void run(Path dir, int chains, int depth, int repetitions) throws Exception {
    System.setProperty("s3proxy.jar", System.getProperty("s3proxy.jar", "benchmarks/target/s3proxy/s3proxy.jar"));
    try (S3ProxyAccess server = S3ProxyAccess.start(Files.createDirectories(dir.resolve("s3-query")))) {
      server.createBucket("lineage-bench");
      long start = System.nanoTime();
      try (S3Backend blobs = backend(server)) {
        QueryBenchmark.writeBlobs(blobs, chains, depth);
      }
      try (Lineage lineage = Lineage.builder().backend(backend(server)).tempDir(dir).cacheDir(dir.resolve("s3q-cache"))
          .workDir(dir.resolve("s3q-work")).autoIndex(0).systemMetrics(false)
          .clock(QueryBenchmark.monthLongClock()).build()) {
        QueryBenchmark.writeChains(lineage, chains, depth);
        lineage.publishIndex().orElseThrow();
        QueryBenchmark.verified(lineage, "the generated S3 store");
      }
      System.out.printf(Locale.ROOT, "  (generated %,d runs in S3Proxy in %.0f s)%n", chains * depth,
          (System.nanoTime() - start) / 1e9);
      Node target = Node.artifact(QueryBenchmark.chainArtifact(0, depth - 1));
      double[] indexed = new double[repetitions];
      for (int r = 0; r < repetitions; r++) {
        long t = System.nanoTime();
        try (Lineage lineage = Lineage.builder().backend(backend(server)).tempDir(dir)
            .cacheDir(dir.resolve("s3q-cache")).workDir(dir.resolve("s3q-work")).systemMetrics(false).build()) {
          LineageGraph graph = lineage.graph();
          if (graph.upstream(target).runs().size() != depth) {
            throw new IllegalStateException("wrong closure");
          }
        }
        indexed[r] = (System.nanoTime() - t) / 1e6;
      }
      long t = System.nanoTime();
      try (dev.lineage.internal.store.Store objects = dev.lineage.internal.store.Store.open(backend(server),
          java.time.Clock.systemUTC())) {
        RunReader reader = new RunReader(objects, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5));
        List<RunRecord> all = new ArrayList<>();
        for (var id : objects.runs().list(null).ids()) {
          all.add(reader.read(id));
        }
        if (all.size() != chains * depth) {
          throw new IllegalStateException("baseline read " + all.size() + " runs");
        }
      }
      double scratch = (System.nanoTime() - t) / 1e6;
      System.out.printf(Locale.ROOT, "open a %,d-run store in S3Proxy to a first lineage answer (ms):%n",
          chains * depth);
      System.out.printf(Locale.ROOT, "  with the index                      : median %,.0f  [%s]%n",
          Stats.median(indexed), Stats.list(indexed, "%,.0f"));
      System.out.printf(Locale.ROOT, "  reading every run's records (once)  : %,.0f%n", scratch);
      System.out.printf(Locale.ROOT, "  ratio no-index/index                : %.1fx%n", scratch / Stats.median(indexed));
    }
  }

  private static S3Backend backend(S3ProxyAccess server) {
    return S3Backend.builder().bucket("lineage-bench").endpoint(URI.create(server.endpoint())).pathStyle(true)
        .region("us-east-1").credentials(Credentials.of(server.identity(), server.credential())).build();
  }
}
