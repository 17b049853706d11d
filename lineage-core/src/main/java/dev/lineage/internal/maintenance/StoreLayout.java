package dev.lineage.internal.maintenance;

import dev.lineage.RunId;
import dev.lineage.internal.Tasks;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.ObjectScan;
import dev.lineage.maintenance.Progress;
import dev.lineage.spi.ObjectInfo;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * What one listing of a store says about its chains, without reading a document: each run's writers and their
 * newest batch, whether it started and ended; each model's newest version; each alias's newest move; the step
 * cache's entries; the registry policy's newest version (0: none).
 */
record StoreLayout(long listed, Map<RunId, RunObjects> runs, Map<String, Integer> versions,
    Map<Alias, Long> moves, TreeSet<String> stepEntries, long newestPolicy) {

  /** A run's objects as listed: its writers' newest batch numbers. */
  static final class RunObjects {
    private boolean started;
    private boolean ended;
    private final Map<String, Long> writers = new TreeMap<>();

    boolean started() {
      return started;
    }

    boolean ended() {
      return ended;
    }

    Map<String, Long> writers() {
      return writers;
    }
  }

  record Alias(String model, String alias) implements Comparable<Alias> {
    @Override
    public int compareTo(Alias o) {
      int c = model.compareTo(o.model);
      return c != 0 ? c : alias.compareTo(o.alias);
    }
  }

  /**
   * Lists what holds chains (run starts, run data, the registry, the step cache), and nothing else: blobs, index
   * snapshots and metric segments are named by digest from inside the chains, so a seal needs no listing of them.
   * Run data, two thirds of it, is listed on this thread while the rest is listed on {@code executor}.
   */
  static StoreLayout list(ObjectScan scan, Executor executor, Progress progress) {
    Map<String, Integer> versions = new TreeMap<>();
    Map<Alias, Long> moves = new TreeMap<>();
    TreeSet<String> steps = new TreeSet<>();
    java.util.concurrent.atomic.AtomicLong listed = new java.util.concurrent.atomic.AtomicLong();
    long[] policy = {0};
    java.util.Set<RunId> started = new java.util.HashSet<>(1 << 16);
    FutureTask<Void> rest = Tasks.start(executor, () -> {
      for (String prefix : new String[] {Keys.RUNS, Keys.REGISTRY, Keys.POLICY, Keys.STEP_CACHE}) {
        scan.listPages(prefix, page -> {
          for (ObjectInfo o : page) {
            String key = o.key();
            if (key.startsWith(Keys.RUNS)) {
              Keys.runIdOfStart(key).ifPresent(started::add);
            } else if (key.startsWith(Keys.REGISTRY)) {
              registry(key, versions, moves);
            } else if (key.startsWith(Keys.POLICY)) {
              String file = key.substring(Keys.POLICY.length());
              policy[0] = file.indexOf('/') < 0 ? Math.max(policy[0], Keys.numberOf(file)) : policy[0];
            } else if (key.endsWith(".json")) {
              steps.add(key);
            }
          }
          listed.addAndGet(page.size());
        });
      }
      return null;
    });
    Map<RunId, RunObjects> runs = new java.util.HashMap<>(1 << 16);
    scan.listPages(Keys.RUN_DATA, page -> {
      for (ObjectInfo o : page) {
        runData(o.key(), runs);
      }
      progress.update("listing", listed.addAndGet(page.size()), -1);
    });
    Tasks.join(rest, "listing the store");
    started.forEach(id -> runs.computeIfAbsent(id, r -> new RunObjects()).started = true);
    return new StoreLayout(listed.get(), runs, versions, moves, steps, policy[0]);
  }

  private static void runData(String key, Map<RunId, RunObjects> runs) {
    String[] parts = key.substring(Keys.RUN_DATA.length()).split("/");
    if (parts.length < 2 || !Ulid.isValid(parts[0])) {
      return;
    }
    RunId run = RunId.of(parts[0]);
    if (parts.length == 2 && parts[1].equals("end.json")) {
      runs.computeIfAbsent(run, r -> new RunObjects()).ended = true;
    } else if (parts.length == 4 && parts[1].equals("log") && Ulid.isValid(parts[2])) {
      long seq = Keys.numberOf(parts[3]);
      if (seq >= 0) {
        runs.computeIfAbsent(run, r -> new RunObjects()).writers.merge(parts[2], seq, Math::max);
      }
    }
  }

  private static void registry(String key, Map<String, Integer> versions, Map<Alias, Long> moves) {
    String[] parts = key.substring(Keys.REGISTRY.length()).split("/");
    long n = Keys.numberOf(parts[parts.length - 1]);
    if (parts.length == 3 && parts[1].equals("versions") && n >= 1) {
      versions.merge(parts[0], (int) n, Math::max);
    } else if (parts.length == 4 && parts[1].equals("aliases") && n >= 1) {
      moves.merge(new Alias(parts[0], parts[2]), n, Math::max);
    }
  }
}
