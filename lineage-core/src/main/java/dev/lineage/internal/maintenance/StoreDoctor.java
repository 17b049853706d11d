package dev.lineage.internal.maintenance;

import dev.lineage.internal.DaemonThreads;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.internal.store.DoctorRacer;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.Probes;
import dev.lineage.maintenance.DoctorReport;
import dev.lineage.maintenance.DoctorReport.Finding;
import dev.lineage.maintenance.DoctorReport.Guarantee;
import dev.lineage.maintenance.Progress;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Examines a storage service with probe objects of its own, one guarantee at a time (see
 * {@link dev.lineage.maintenance.Maintenance#doctor}). Each probe asks the backend once per call and believes what
 * it is told, so what is measured is the service, not Lineage's retries and read-backs. A probe that cannot run
 * (the service fails) is a guarantee not shown to hold, with the failure as its detail.
 */
final class StoreDoctor {
  static final int RACERS = 8;
  static final int ROUNDS = 25;
  static final long LARGE = 40L << 20;
  /** Processes racing this one, and their rounds. */
  static final int PROCESSES = 2;
  static final int PROCESS_ROUNDS = 10;

  private final Probes probes;
  private final URI store;
  private final Clock clock;
  private final Path tempDir;
  private final String base;

  /** Whether processes of their own can open the store from its URI (not a store opened from a backend object). */
  private final boolean reopenable;

  StoreDoctor(Probes probes, URI store, boolean reopenable, Clock clock, Path tempDir) {
    this.reopenable = reopenable;
    this.probes = probes;
    this.store = store;
    this.clock = clock;
    this.tempDir = tempDir;
    this.base = Keys.DOCTOR + Ulid.next(clock.millis()) + "/";
  }

  /** A probe: the finding's detail if the guarantee holds; throws {@link Broken} with what was seen if not. */
  private interface Probe {
    String run() throws Exception;
  }

  private static final class Broken extends Exception {
    Broken(String what) {
      super(what, null, false, false);
    }
  }

  DoctorReport examine(Progress progress) {
    long started = clock.millis();
    List<Finding> findings = new ArrayList<>();
    Guarantee[] all = Guarantee.values();
    Probe[] probe = {this::refusesExisting, this::atomic, this::readAfterWrite, this::listAfterWrite,
        this::listOrder, this::empty, this::large, this::cleansUp};
    for (int i = 0; i < all.length; i++) {
      progress.update("guarantees", i, all.length);
      findings.add(finding(all[i], probe[i]));
    }
    progress.update("guarantees", all.length, all.length);
    return new DoctorReport(store, findings, Duration.ofMillis(clock.millis() - started));
  }

  private static Finding finding(Guarantee g, Probe probe) {
    try {
      return new Finding(g, true, probe.run());
    } catch (Broken e) {
      return new Finding(g, false, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Finding(g, false, "not examined: interrupted");
    } catch (Exception e) {
      return new Finding(g, false, "could not be examined: " + e);
    }
  }

  private static Payload bytes(String text) {
    return Payload.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void expect(boolean condition, String otherwise) throws Broken {
    if (!condition) {
      throw new Broken(otherwise);
    }
  }

  private String refusesExisting() throws Exception {
    String key = base + "existing";
    expect(probes.put(key, bytes("first")) == PutResult.CREATED, "a put-if-absent of a new key was not CREATED");
    PutResult second = probes.put(key, bytes("second"));
    byte[] now = probes.get(key).orElseThrow(() -> new Broken("the object vanished after a refused put"));
    expect(second == PutResult.ALREADY_EXISTS, "a put-if-absent of an existing key was " + second);
    expect(Arrays.equals(now, "first".getBytes(StandardCharsets.UTF_8)), "a refused put-if-absent replaced the "
        + "object's content");
    return "refused, content kept";
  }

  private String atomic() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(RACERS, DaemonThreads.numbered("lineage-doctor"));
    int broken = 0;
    String first = null;
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String key = base + "race/" + round;
        CyclicBarrier start = new CyclicBarrier(RACERS);
        List<Future<PutResult>> puts = new ArrayList<>();
        for (int t = 0; t < RACERS; t++) {
          byte[] mine = ("racer " + t).getBytes(StandardCharsets.UTF_8);
          puts.add(threads.submit(() -> {
            start.await();
            return probes.put(key, Payload.of(mine));
          }));
        }
        List<Integer> created = new ArrayList<>();
        for (int t = 0; t < RACERS; t++) {
          if (puts.get(t).get() == PutResult.CREATED) {
            created.add(t);
          }
        }
        String stored = probes.get(key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("(nothing)");
        boolean holds = created.size() == 1 && stored.equals("racer " + created.get(0));
        if (!holds) {
          broken++;
          if (first == null) {
            first = "round " + (round + 1) + ": " + created.size() + " of " + RACERS + " racers were told CREATED "
                + created + ", the object holds '" + stored + "'";
          }
        }
      }
    } finally {
      threads.shutdownNow();
    }
    expect(broken == 0, broken + " of " + ROUNDS + " rounds of " + RACERS + " racing put-if-absent calls were not "
        + "atomic; first: " + first);
    return ROUNDS + " rounds of " + RACERS + " racing threads: exactly one CREATED each, holding its bytes; "
        + acrossProcesses();
  }

  /**
   * The same race between this process and {@link #PROCESSES} others, each with its own connections and its own
   * view of the store, as separate writers have. Round {@code r} starts when each process reads its number.
   */
  private String acrossProcesses() throws Exception {
    if (!reopenable) {
      return "processes not raced: the store was opened from a backend object, which another process cannot "
          + "rebuild (open it by URI to race processes too)";
    }
    String prefix = base + "race-processes/";
    List<Process> racers = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            DoctorRacer.class.getName(), store.toString(), prefix, Integer.toString(i + 1)));
        racers.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
      }
      List<java.io.BufferedReader> answers = new ArrayList<>();
      for (Process p : racers) {
        java.io.BufferedReader r = p.inputReader(StandardCharsets.UTF_8);
        if (!"ready".equals(r.readLine())) {
          return "processes not raced: a racer process could not open the store from " + store + " (exit "
              + (p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) ? p.exitValue() : -1) + ")";
        }
        answers.add(r);
      }
      int broken = 0;
      String first = null;
      for (int round = 0; round < PROCESS_ROUNDS; round++) {
        for (Process p : racers) {
          p.getOutputStream().write((round + "\n").getBytes(StandardCharsets.UTF_8));
          p.getOutputStream().flush();
        }
        List<String> created = new ArrayList<>();
        if (probes.put(prefix + round, bytes("process 0")) == PutResult.CREATED) {
          created.add("process 0");
        }
        for (int i = 0; i < racers.size(); i++) {
          String answer = answers.get(i).readLine();
          expect(answer != null && !answer.contains("ERROR"), "racer process " + (i + 1) + " failed: " + answer);
          if (answer.endsWith(" CREATED")) {
            created.add("process " + (i + 1));
          }
        }
        String stored = probes.get(prefix + round).map(b -> new String(b, StandardCharsets.UTF_8))
            .orElse("(nothing)");
        if (created.size() != 1 || !stored.equals(created.get(0))) {
          broken++;
          if (first == null) {
            first = "round " + (round + 1) + ": " + created + " were told CREATED, the object holds '" + stored + "'";
          }
        }
      }
      expect(broken == 0, broken + " of " + PROCESS_ROUNDS + " rounds of " + (PROCESSES + 1) + " racing processes "
          + "were not atomic; first: " + first);
      return PROCESS_ROUNDS + " rounds of " + (PROCESSES + 1) + " racing processes: exactly one CREATED each";
    } finally {
      for (Process p : racers) {
        p.getOutputStream().close();
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private String readAfterWrite() throws Exception {
    SplittableRandom random = new SplittableRandom(clock.millis());
    for (int i = 0; i < 20; i++) {
      byte[] content = new byte[1 + random.nextInt(4096)];
      random.nextBytes(content);
      String key = base + "read/" + i;
      probes.put(key, Payload.of(content));
      Optional<byte[]> read = probes.get(key);
      expect(read.isPresent(), "object " + (i + 1) + " of 20 was not readable right after it was written");
      expect(Arrays.equals(read.get(), content), "object " + (i + 1) + " of 20 read back other bytes right after "
          + "it was written");
    }
    return "20 of 20 objects read back at once";
  }

  private String listAfterWrite() throws Exception {
    String prefix = base + "listed/";
    for (int i = 0; i < 10; i++) {
      String key = prefix + i;
      probes.put(key, bytes("listed"));
      long seen = probes.listAll(prefix).stream().filter(o -> o.key().equals(key)).count();
      expect(seen == 1, "object " + (i + 1) + " of 10 was " + (seen == 0 ? "missing from" : "listed twice in")
          + " a listing right after it was written");
    }
    return "10 of 10 objects listed at once";
  }

  private String listOrder() throws Exception {
    String prefix = base + "order/";
    // Keys whose byte order differs from case-insensitive, numeric and length orders.
    List<String> names = List.of("b", "B", "a", "A", "10", "9", "-", "_", ".x", "=", "a.b", "a-b", "a_b", "ab",
        "Z", "z0", "z", "0");
    List<String> written = names.stream().distinct().map(n -> prefix + n).toList();
    for (String key : written) {
      probes.put(key, bytes("x"));
    }
    List<String> expected = written.stream().sorted().toList();
    List<String> listed = probes.listAll(prefix).stream().map(ObjectInfo::key).toList();
    expect(listed.equals(expected), "listed " + listed.size() + " keys in this order: " + names(listed, prefix)
        + "; expected " + names(expected, prefix));
    String after = expected.get(5);
    List<String> rest = probes.listAll(prefix).stream().map(ObjectInfo::key).filter(k -> k.compareTo(after) > 0)
        .toList();
    ListPage page = probes.list(prefix, after, 1000);
    expect(page.objects().stream().map(ObjectInfo::key).toList().equals(rest), "a listing after "
        + after.substring(prefix.length()) + " gave " + names(page.objects().stream().map(ObjectInfo::key).toList(),
        prefix));
    List<String> paged = new ArrayList<>();
    String startAfter = null;
    for (int pages = 0; pages < expected.size() + 1; pages++) {
      ListPage p = probes.list(prefix, startAfter, 3);
      p.objects().forEach(o -> paged.add(o.key()));
      if (p.nextStartAfter().isEmpty()) {
        break;
      }
      startAfter = p.nextStartAfter().get();
    }
    expect(paged.equals(expected), "pages of 3 listed " + names(paged, prefix));
    return expected.size() + " keys in byte order, from a start key and in pages of 3";
  }

  private static String names(List<String> keys, String prefix) {
    return keys.stream().map(k -> k.substring(prefix.length())).toList().toString();
  }

  private String empty() throws Exception {
    String key = base + "empty";
    expect(probes.put(key, Payload.of(new byte[0])) == PutResult.CREATED, "an empty object was not CREATED");
    Optional<byte[]> read = probes.get(key);
    expect(read.isPresent() && read.get().length == 0, "an empty object read back as " + read.map(b -> b.length
        + " bytes").orElse("missing"));
    Optional<ObjectInfo> stat = probes.stat(key);
    expect(stat.isPresent() && stat.get().size() == 0, "an empty object's size was " + stat.map(s -> s.size() + "")
        .orElse("missing"));
    return "stored, read and sized as empty";
  }

  private String large() throws Exception {
    Path file = Files.createTempFile(tempDir, "lineage-doctor", ".bin");
    try {
      SplittableRandom random = new SplittableRandom(LARGE);
      byte[] chunk = new byte[1 << 20];
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long written = 0; written < LARGE; written += chunk.length) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
      String key = base + "large";
      expect(probes.put(key, Payload.of(file)) == PutResult.CREATED, "a 40 MiB object was not CREATED");
      Sha256.Hashed read;
      try (InputStream in = probes.open(key).orElseThrow(() -> new Broken("a 40 MiB object was missing after it "
          + "was written"))) {
        read = Sha256.hash(in);
      }
      expect(read.bytes() == LARGE && read.digest().equals(Sha256.of(file)), "a 40 MiB object read back as "
          + read.bytes() + " bytes with another digest");
      return "40 MiB stored and read back whole";
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private String cleansUp() throws Exception {
    List<ObjectInfo> left = probes.listAll(base);
    for (ObjectInfo o : left) {
      probes.delete(o.key());
    }
    List<ObjectInfo> after = probes.listAll(base);
    expect(after.isEmpty(), after.size() + " of its " + left.size() + " probe objects are still listed under " + base
        + " after they were deleted (garbage collection removes them)");
    return left.size() + " probe objects deleted; nothing left under " + base;
  }

  /** Deletes what is left if the doctor stopped early; failures here are for garbage collection to mend. */
  void discardQuietly() {
    try {
      probes.listAll(base).forEach(o -> probes.delete(o.key()));
    } catch (RuntimeException e) {
      // the next gc collects doctor/ objects past the grace period
    }
  }

}
