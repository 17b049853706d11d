package dev.lineage.bench;

import static dev.lineage.bench.Checks.check;

import dev.lineage.Lineage;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The class path capture of docs/reproduce.md on a user's class path of {@code jars} released jars (1 MiB each, in
 * the local Maven repository of the forks' {@code user.home}, as Maven downloads them) and a class directory of 200 files, in fresh JVMs whose class path it is:
 * <ul>
 *   <li>first capture (an empty hash cache; the store already holds the code, so what is measured is reading the
 *       class path): newRun until the close that waits for it, as MiB/s of the class path, against
 *       {@code openssl dgst -sha256} over the same files (page cache warm for both), alternating; and once into an
 *       empty store, the user's code stored too;</li>
 *   <li>warm (the hash cache filled by an earlier run, the code stored): {@code newRun} and the close on the
 *       caller's thread with capture on, against the same JVM and store with capture off, alternating;</li>
 *   <li>the store's growth for the second run of unchanged code, in blobs.</li>
 * </ul>
 */
final class CodeCaptureBenchmark {
  private static final int CLASS_FILES = 200;

  private CodeCaptureBenchmark() {}

  static void run(Path dir, int jars, int repetitions) throws Exception {
    Path root = Files.createDirectories(dir.resolve("codecapture"));
    List<Path> files = new ArrayList<>();
    long bytes = generate(root, jars, files);
    // The generated jars are on disk before anything is measured, as a user's are: writing 300 MiB back while the
    // store forces its files would charge the first capture for the generator's writes.
    check(new ProcessBuilder("sync").start().waitFor() == 0, "sync");
    // The program runs in a directory of its own, outside any git tree: what is measured is the class path.
    Path work = root.resolve("work");
    // The user's home, whose ~/.m2/repository holds the jars as Maven downloaded them.
    String home = root.resolve("home").toString();
    String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(File.pathSeparator))
        + File.pathSeparator
        + String.join(File.pathSeparator, files.stream().filter(f -> f.toString().endsWith(".jar"))
            .map(Path::toString).toList())
        + File.pathSeparator + root.resolve("work/target/classes");
    try {
      opensslOnce(files); // warm up, page cache included
      Path store = root.resolve("store");
      Path cache = root.resolve("cache");
      // The first run of this code into an empty store: every file hashed and the user's code stored.
      double[] filled = Forks.figuresIn(work, "512m", classpath, CodeCaptureFork.class.getName(), 4,
          store.toString(), cache.toString(), "true", home);
      double[] first = new double[repetitions];
      double[] openssl = new double[repetitions];
      for (int r = 0; r < repetitions; r++) {
        // A first capture on another machine, or after the hash cache was cleared: every file hashed again.
        Path fresh = root.resolve("cache-first-" + r);
        double[] f = Forks.figuresIn(work, "512m", classpath, CodeCaptureFork.class.getName(), 4, store.toString(),
            fresh.toString(), "true", home);
        first[r] = bytes / (f[1] / 1e3) / (1 << 20);
        long start = System.nanoTime();
        opensslOnce(files);
        openssl[r] = bytes / ((System.nanoTime() - start) / 1e9) / (1 << 20);
        IngestBenchmark.delete(fresh);
      }
      long blobs = blobs(store);
      double[] onNew = new double[repetitions];
      double[] offNew = new double[repetitions];
      double[] onClose = new double[repetitions];
      double[] offClose = new double[repetitions];
      for (int r = 0; r < repetitions; r++) {
        double[] off = Forks.figuresIn(work, "512m", classpath, CodeCaptureFork.class.getName(), 4, store.toString(),
            cache.toString(), "false", home);
        double[] on = Forks.figuresIn(work, "512m", classpath, CodeCaptureFork.class.getName(), 4, store.toString(),
            cache.toString(), "true", home);
        offNew[r] = off[0];
        offClose[r] = off[2];
        onNew[r] = on[0];
        onClose[r] = on[2];
      }
      long growth = blobs(store) - blobs;
      try (Lineage l = Lineage.builder().store(store.toString()).systemMetrics(false).recordCode(false).build()) {
        check(l.maintenance().verify().ok(), "the measured store passes verify");
      }

      System.out.printf(Locale.ROOT, "code capture, %d jars + %d class files, %.0f MiB, %d entries, %d runs each (%s)%n",
          jars, CLASS_FILES, bytes / (double) (1 << 20), (long) filled[3], repetitions, Machine.describe());
      System.out.printf(Locale.ROOT, "  first capture into an empty store, newRun to durable close: %.0f ms (%,.0f MiB/s)%n",
          filled[1], bytes / (filled[1] / 1e3) / (1 << 20));
      System.out.printf(Locale.ROOT, "  first capture, code stored, newRun to close (MiB/s): median %,.0f  [%s]%n",
          Stats.median(first), Stats.list(first, "%,.0f"));
      System.out.printf(Locale.ROOT, "  openssl dgst -sha256 of the same files (MiB/s) : median %,.0f  [%s]%n",
          Stats.median(openssl), Stats.list(openssl, "%,.0f"));
      System.out.printf(Locale.ROOT, "  ratio first capture/openssl                    : %.2fx (target >= 0.8x)%n",
          Stats.median(first) / Stats.median(openssl));
      System.out.printf(Locale.ROOT, "  warm newRun, capture on (ms)                   : median %.2f  [%s]%n",
          Stats.median(onNew), Stats.list(onNew, "%.2f"));
      System.out.printf(Locale.ROOT, "  warm newRun, capture off (ms)                  : median %.2f  [%s]%n",
          Stats.median(offNew), Stats.list(offNew, "%.2f"));
      System.out.printf(Locale.ROOT, "  added to newRun on the caller's thread (ms)    : %.2f (target <= 20)%n",
          Stats.median(onNew) - Stats.median(offNew));
      System.out.printf(Locale.ROOT, "  warm close until durable, on / off (ms)        : median %.2f / %.2f  [%s] / [%s]%n",
          Stats.median(onClose), Stats.median(offClose), Stats.list(onClose, "%.2f"), Stats.list(offClose, "%.2f"));
      System.out.printf(Locale.ROOT, "  blobs added by %d more runs of unchanged code    : %d (target 0)%n",
          repetitions, growth);
    } finally {
      IngestBenchmark.delete(root);
    }
  }

  /** Released jars in a Maven repository's layout, their .pom beside them, and a build's class directory. */
  private static long generate(Path root, int jars, List<Path> files) throws IOException {
    Random random = new Random(42);
    long bytes = 0;
    byte[] content = new byte[1 << 20];
    for (int j = 0; j < jars; j++) {
      String artifact = "lib" + j;
      Path dir = Files.createDirectories(root.resolve("home/.m2/repository/org/example/" + artifact + "/1.0"));
      Path jar = dir.resolve(artifact + "-1.0.jar");
      random.nextBytes(content);
      try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
        ZipEntry e = new ZipEntry("org/example/" + artifact + "/data.bin");
        e.setMethod(ZipEntry.STORED); // incompressible anyway: 1 MiB on disk, as a jar of classes would be
        CRC32 crc = new CRC32();
        crc.update(content);
        e.setSize(content.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
      }
      Files.writeString(dir.resolve(artifact + "-1.0.pom"), "<project><groupId>org.example</groupId>"
          + "<artifactId>" + artifact + "</artifactId><version>1.0</version></project>");
      Files.writeString(dir.resolve("_remote.repositories"), artifact + "-1.0.jar>central=\n");
      files.add(jar);
      bytes += Files.size(jar);
    }
    Path classes = Files.createDirectories(root.resolve("work/target/classes/com/acme"));
    byte[] classFile = new byte[4096];
    for (int c = 0; c < CLASS_FILES; c++) {
      random.nextBytes(classFile);
      Path f = Files.write(classes.resolve("C" + c + ".class"), classFile);
      files.add(f);
      bytes += classFile.length;
    }
    return bytes;
  }

  private static long blobs(Path store) throws IOException {
    try (Stream<Path> walk = Files.walk(store.resolve("blobs"))) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  private static void opensslOnce(List<Path> files) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl", "dgst", "-sha256", "-r"));
    files.forEach(f -> command.add(f.toString()));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes());
    check(p.waitFor() == 0, "openssl hashed the class path: " + err);
  }
}
