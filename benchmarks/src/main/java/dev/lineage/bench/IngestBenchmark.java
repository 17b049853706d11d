package dev.lineage.bench;

import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.internal.metrics.ZstdCodecFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Sustained ingest of N points from one writer thread into Parquet on the filesystem store (from the first
 * logMetric until run.close() has published and fsynced everything), against a plain parquet-avro GenericRecord writer of the same rows
 * to the same disk. Runs alternate, and medians are compared.
 */
final class IngestBenchmark {
  private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"MetricPoint\","
      + "\"fields\":[{\"name\":\"run_id\",\"type\":\"string\"},{\"name\":\"key\",\"type\":\"string\"},"
      + "{\"name\":\"step\",\"type\":\"long\"},{\"name\":\"timestamp\",\"type\":\"long\"},"
      + "{\"name\":\"value\",\"type\":\"double\"}]}");

  private IngestBenchmark() {}

  /**
   * Each measurement runs in a fresh JVM (as JMH forks do), so neither writer's JIT profile of parquet's
   * shared column writers slows the other; lineage and baseline forks alternate.
   */
  static void run(Path dir, int points, int repetitions) throws Exception {
    double[] lineage = new double[repetitions];
    double[] baseline = new double[repetitions];
    long lineageBytes = 0;
    long baselineBytes = 0;
    for (int r = 0; r < repetitions; r++) {
      long[] l = fork("lineage", dir, points);
      long[] b = fork("baseline", dir, points);
      lineage[r] = points / (l[0] / 1e9);
      baseline[r] = points / (b[0] / 1e9);
      lineageBytes = l[1];
      baselineBytes = b[1];
    }
    double ratio = Stats.median(lineage) / Stats.median(baseline);
    System.out.printf(Locale.ROOT, "ingest %,d points, %d runs each (points/s):%n", points, repetitions);
    System.out.printf(Locale.ROOT, "  lineage logMetric -> fs store : median %,.0f  [%s]  %.2f bytes/point%n",
        Stats.median(lineage), Stats.list(lineage, "%,.0f"), (double) lineageBytes / points);
    System.out.printf(Locale.ROOT, "  baseline GenericRecord writer : median %,.0f  [%s]  %.2f bytes/point%n",
        Stats.median(baseline), Stats.list(baseline, "%,.0f"), (double) baselineBytes / points);
    System.out.printf(Locale.ROOT, "  ratio lineage/baseline        : %.2fx (target >= 3x)%n", ratio);
  }

  private static long[] fork(String which, Path dir, int points) throws Exception {
    double[] figures = Forks.figures("2g", System.getProperty("java.class.path"), BenchmarkMain.class.getName(), 2,
        "ingest-fork", dir.toString(), which, Integer.toString(points));
    return new long[] {(long) figures[0], (long) figures[1]}; // nanos and bytes: exact in a double
  }

  /** In a forked JVM: warm up, then measure once and print "nanos bytes". */
  static void forked(Path dir, String which, int points) throws IOException {
    boolean lineage = which.equals("lineage");
    long[] result = null;
    for (int i = 0; i < 4; i++) { // three warm-up passes, then the measured one
      int n = i < 3 ? points / 2 : points;
      result = lineage ? lineageOnce(dir, n) : baselineOnce(dir, n);
    }
    System.out.println(result[0] + " " + result[1]);
  }

  /** Returns {nanos, bytes on disk}. */
  private static long[] lineageOnce(Path dir, int points) throws IOException {
    Path store = dir.resolve("ingest-store");
    long nanos;
    // Opening the store and starting the run (git fingerprint included) are not ingest; publishing is.
    try (Lineage lineage = Lineage.builder().store(store.toString()).tempDir(dir).build()) {
      Run run = lineage.newRun("ingest");
      long start = System.nanoTime();
      for (int i = 0; i < points; i++) {
        run.logMetric("loss", 0.05 + 2.0 * Math.exp(-i / 1_000_000.0), i);
      }
      run.close(); // flushes, fsyncs and publishes the last segment
      nanos = System.nanoTime() - start;
    }
    long bytes;
    try (var files = Files.walk(store.resolve("rundata"))) {
      bytes = files.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
    }
    delete(store);
    return new long[] {nanos, bytes};
  }

  private static long[] baselineOnce(Path dir, int points) throws IOException {
    Path file = dir.resolve("baseline.parquet");
    String runId = "01JDEMO0000000000000000000";
    long start = System.nanoTime();
    try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration())
        .withSchema(SCHEMA)
        .withDataModel(GenericData.get())
        .withCodecFactory(new ZstdCodecFactory()) // only for its UNCOMPRESSED, which loads no Hadoop
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build()) {
      for (int i = 0; i < points; i++) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put(0, runId);
        record.put(1, "loss");
        record.put(2, (long) i);
        record.put(3, System.currentTimeMillis());
        record.put(4, 0.05 + 2.0 * Math.exp(-i / 1_000_000.0));
        writer.write(record);
      }
    }
    long nanos = System.nanoTime() - start;
    long bytes = Files.size(file);
    Files.delete(file);
    return new long[] {nanos, bytes};
  }

  static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
