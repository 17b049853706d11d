package dev.lineage.internal.step;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.LineageException;
import dev.lineage.MetricSummary;
import dev.lineage.RunId;
import dev.lineage.internal.Locations;
import dev.lineage.internal.Names;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.hash.DirectoryManifest;
import dev.lineage.internal.run.DefaultRun;
import dev.lineage.internal.run.RunOwner;
import dev.lineage.internal.run.RunReader;
import dev.lineage.internal.store.Direction;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.StepEntries;
import dev.lineage.internal.store.StepEntryDoc;
import dev.lineage.step.StepBody;
import dev.lineage.step.StepCacheEntry;
import dev.lineage.step.StepExecution;
import dev.lineage.step.StepOutput;
import dev.lineage.step.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs steps against the cache: resolves the key, serves a hit by restoring and verifying outputs, or runs the
 * body and publishes an entry. Concurrent calls with one key in this JVM run the body once. Reading the cache
 * never deletes anything: an entry that cannot be served is a miss.
 */
public final class StepEngine {
  private static final System.Logger LOG = System.getLogger(StepEngine.class.getName());

  private final StepEntries entries;
  private final ArtifactStore artifacts;
  private final CodeFingerprint code;
  private final RunOwner runs;
  private final RunReader reader;
  private final Clock clock;
  private final Path workDir;
  private final boolean reads;
  private final StepRestores restores;
  private final Map<Digest, CompletableFuture<StepResult>> inflight = new ConcurrentHashMap<>();
  private static final int PARALLEL_INPUTS = 64;

  /**
   * @param cacheDir the user's cache directory, where restores are remembered across JVMs; null to remember them
   *     in this one only
   */
  public StepEngine(StepEntries entries, ArtifactStore artifacts, RunOwner runs, RunReader reader, Clock clock,
      Path workDir, boolean reads, Path cacheDir) {
    this.entries = entries;
    this.artifacts = artifacts;
    this.code = new CodeFingerprint(artifacts);
    this.runs = runs;
    this.reader = reader;
    this.clock = clock;
    this.workDir = workDir;
    this.reads = reads;
    this.restores = cacheDir == null ? StepRestores.inMemory() : StepRestores.open(cacheDir);
  }
  /** The resolved key of a step: its canonical encoding's digest and the input digests it was built from. */
  record Resolved(StepSpec spec, Digest key, String keyText, List<Artifact> inputArtifacts) {}

  public <E extends Exception> StepResult run(StepSpec spec, StepBody<E> body) throws E {
    Resolved resolved = resolve(spec);
    if (spec.force()) {
      return compute(resolved, body);
    }
    while (true) {
      CompletableFuture<StepResult> mine = new CompletableFuture<>();
      CompletableFuture<StepResult> leader = inflight.putIfAbsent(resolved.key(), mine);
      if (leader == null) {
        try {
          StepResult result = execute(resolved, body);
          mine.complete(result);
          return result;
        } catch (Throwable t) {
          mine.completeExceptionally(t);
          throw t;
        } finally {
          inflight.remove(resolved.key(), mine);
        }
      }
      try {
        return leader.join();
      } catch (CompletionException leaderFailed) {
        // The leader's body threw and published nothing: compute (or find the cache) ourselves.
      }
    }
  }

  Optional<StepCacheEntry> lookup(StepSpec spec) {
    Resolved r = resolve(spec);
    return reads ? entries.read(spec.name(), r.key()).map(DefaultStepCache::toEntry) : Optional.empty();
  }

  Resolved resolve(StepSpec spec) {
    // Mostly one stat per input on a warm hash cache: worth spreading over cores when there are many inputs.
    java.util.stream.Stream<StepSpec.DeclaredInput> stream = spec.inputs().size() >= PARALLEL_INPUTS
        ? spec.inputs().parallelStream() : spec.inputs().stream();
    List<Artifact> inputArtifacts = stream.map(input -> {
      Artifact a = input.artifact();
      return a != null
          ? new Artifact(a.digest(), a.kind(), a.size(), Optional.of(input.name()), a.location())
          : artifacts.describe(input.path(), input.name());
    }).toList();
    List<StepKey.Input> keyInputs = new ArrayList<>();
    for (Artifact a : inputArtifacts) {
      keyInputs.add(new StepKey.Input(a.name().orElseThrow(), a.digest()));
    }
    String fingerprint = code.of(spec.codeVersion(), spec.code());
    byte[] encoded = StepKey.encode(spec.name(), fingerprint, spec.params(), keyInputs, spec.env());
    return new Resolved(spec, StepKey.digest(encoded), new String(encoded, java.nio.charset.StandardCharsets.UTF_8),
        inputArtifacts);
  }

  private <E extends Exception> StepResult execute(Resolved r, StepBody<E> body) throws E {
    if (reads) {
      Optional<StepResult> hit = tryHit(r);
      if (hit.isPresent()) {
        return hit.get();
      }
    }
    return compute(r, body);
  }

  /**
   * Serves the entry if there is one and every output restores with its digest verified. Anything else (no
   * entry, an unreadable entry, a missing or corrupt blob, a failed read) is a miss: logged, never an error, and
   * nothing is deleted. A blob proven corrupt is quarantined by the store, so the recomputation can store it anew.
   */
  private Optional<StepResult> tryHit(Resolved r) {
    StepEntryDoc entry;
    Path outputDir;
    Map<String, StepOutput> outputs = new LinkedHashMap<>();
    try {
      Optional<StepEntryDoc> found = entries.read(r.spec().name(), r.key());
      if (found.isEmpty()) {
        return Optional.empty();
      }
      entry = found.get();
      Optional<Path> reused = reusable(r.key(), entry);
      outputDir = reused.isPresent() ? reused.get() : outputDir(r.spec().name());
      for (StepEntryDoc.Output o : entry.outputs()) {
        Artifact artifact = new Artifact(Digest.parse(o.digest()), o.kind(), o.size(), Optional.of(o.name()));
        Path target = outputDir.resolve(DirectoryManifest.checkRelativePath(o.path()));
        Path served = reused.isPresent() ? target : artifacts.restoreForReading(artifact, target);
        outputs.put(o.name(), new StepOutput(new Artifact(artifact.digest(), artifact.kind(), artifact.size(),
            artifact.name(), Optional.of(Locations.of(served))), served));
      }
      if (reused.isEmpty()) {
        restores.add(r.key(), outputDir);
      }
    } catch (LineageException unusable) {
      LOG.log(System.Logger.Level.WARNING, "step cache entry " + r.key() + " of '" + r.spec().name()
          + "' cannot be served (" + unusable.getMessage() + "); recomputing", unusable);
      return Optional.empty();
    }
    RunId computedBy = RunId.of(entry.run());
    DefaultRun run = runs.start(r.spec().name(), Optional.empty());
    describe(run, r, StepExecution.Outcome.HIT, Optional.of(computedBy), Optional.empty());
    // The computing run stored every input, and the key proves these are the same contents.
    r.inputArtifacts().forEach(a -> run.recordStored(Direction.USED, a));
    outputs.values().forEach(o -> run.recordStored(Direction.PRODUCED, o.artifact()));
    inheritResultMetrics(run, computedBy);
    run.succeedUnlessEnded();
    run.close();
    return Optional.of(new StepResult(r.spec().name(), true, run.id(), computedBy, r.key(), outputs,
        Optional.empty()));
  }

  /**
   * A hit serves the result another run computed, and what that run measured of it (an evaluation's accuracy) is
   * as true of the hit: each of its metrics' final value, at its last step, so that a search by metric finds the
   * hit too. The sampler's series describe the other process, not the result, and are not carried. A computing run
   * that cannot be read leaves the hit without them: the served outputs were verified on their own.
   */
  private void inheritResultMetrics(DefaultRun run, RunId computedBy) {
    Map<String, MetricSummary> metrics;
    try {
      metrics = reader.read(computedBy).metrics();
    } catch (LineageException unreadable) {
      LOG.log(System.Logger.Level.WARNING, "the run " + computedBy + " that computed step '" + run.name()
          + "' cannot be read (" + unreadable.getMessage() + "); hit run " + run.id() + " carries none of its metrics");
      return;
    }
    metrics.forEach((key, summary) -> {
      if (!Names.isReserved(key)) {
        run.logMetric(key, summary.lastValue(), summary.lastStep());
      }
    });
  }

  /**
   * An earlier restore of this entry's outputs that can serve again without writing a byte: every output still at
   * its place with the entry's digest (a file whose stamp the hash cache knows costs a stat, else it is read once),
   * and every output's blob (a directory's manifest) still readable from the store, so that a hit never outlives
   * the entry it was served from.
   */
  private Optional<Path> reusable(Digest key, StepEntryDoc entry) {
    for (Path dir : restores.of(key)) {
      boolean unchanged = true;
      for (StepEntryDoc.Output o : entry.outputs()) {
        Path file = dir.resolve(DirectoryManifest.checkRelativePath(o.path()));
        Artifact artifact = new Artifact(Digest.parse(o.digest()), o.kind(), o.size(), Optional.of(o.name()));
        try {
          unchanged = Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
              && !Files.isSymbolicLink(file) && artifacts.digestOf(file).equals(artifact.digest())
              && artifacts.readable(artifact);
        } catch (LineageException | java.io.UncheckedIOException unreadable) {
          unchanged = false;
        }
        if (!unchanged) {
          break;
        }
      }
      if (unchanged) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private <E extends Exception> StepResult compute(Resolved r, StepBody<E> body) throws E {
    String why = whyComputed(r);
    LOG.log(System.Logger.Level.INFO, "step '" + r.spec().name() + "' runs: " + why);
    DefaultRun run = runs.start(r.spec().name(), Optional.empty());
    StepExecution.Outcome outcome = r.spec().force() ? StepExecution.Outcome.FORCED : StepExecution.Outcome.MISS;
    describe(run, r, outcome, Optional.empty(), Optional.empty());
    storeInputs(run, r);
    Path outputDir = outputDir(r.spec().name());
    DefaultStepContext ctx = new DefaultStepContext(run, outputDir, r.spec(), artifacts,
        workDir.resolve("inputs"));
    try {
      body.run(ctx);
      if (ctx.outputs().isEmpty()) {
        throw new InvalidInputException("step outputs", "step '" + r.spec().name()
            + "' produced nothing; call ctx.produce(path, name) for each output");
      }
    } catch (Throwable t) {
      run.failAndClose(t);
      throw t;
    }
    try {
      publish(r, run, ctx, outcome);
    } catch (RuntimeException e) {
      run.failAndClose(e);
      throw e;
    }
    run.succeedUnlessEnded();
    run.close();
    return new StepResult(r.spec().name(), false, run.id(), run.id(), r.key(), ctx.outputs(), Optional.of(why));
  }

  /**
   * Why the body runs: forced, reads off, or which parts of the key differ from the nearest of the step's recent
   * entries (the fewest parts changed; the newest of those).
   */
  private String whyComputed(Resolved r) {
    if (r.spec().force()) {
      return "forced to recompute";
    }
    if (!reads) {
      return "cache reads are off";
    }
    try {
      return entries.recentWithKeyText(r.spec().name()).stream()
          .map(e -> StepKeyDiff.changes(e.keyText(), r.keyText()))
          .min(java.util.Comparator.comparingInt(List::size))
          .map(StepKeyDiff::explain)
          .orElse("no earlier entry of this step records its key");
    } catch (LineageException unreadable) {
      return "the step's earlier entries cannot be listed (" + unreadable.getMessage() + ")";
    }
  }

  private void publish(Resolved r, DefaultRun run, DefaultStepContext ctx, StepExecution.Outcome outcome) {
    List<StepEntryDoc.Output> outputs = new ArrayList<>();
    ctx.outputs().forEach((name, o) -> outputs.add(new StepEntryDoc.Output(name, ctx.relativePath(o.path()),
        o.artifact().digest().toString(), o.artifact().kind(), o.artifact().size())));
    StepEntryDoc entry = new StepEntryDoc(r.spec().name(), r.key().hex(), run.id().value(), clock.millis(), outputs,
        Ulid.next(clock.millis()), r.keyText());
    StepEntries.Published published = entries.publish(entry);
    if (published.ours()) {
      return;
    }
    // Another process computed the same key first; its entry stands. Compare, to catch non-determinism.
    StepEntryDoc winner = published.standing().orElseThrow();
    Map<String, String> ours = digests(outputs);
    Map<String, String> theirs = digests(winner.outputs());
    boolean same = ours.equals(theirs);
    describe(run, r, outcome, Optional.of(RunId.of(winner.run())), Optional.of(same));
    if (!same) {
      LOG.log(System.Logger.Level.WARNING, "step '" + r.spec().name() + "' is not deterministic: run " + run.id()
          + " produced " + ours + " but run " + winner.run() + " already cached " + theirs + " for key " + r.key());
    }
  }

  private static Map<String, String> digests(List<StepEntryDoc.Output> outputs) {
    Map<String, String> m = new TreeMap<>();
    outputs.forEach(o -> m.put(o.name(), o.digest()));
    return m;
  }

  /** Records the execution; a computation that then finds another's entry records it again, with that entry. */
  private void describe(DefaultRun run, Resolved r, StepExecution.Outcome outcome, Optional<RunId> entryRun,
      Optional<Boolean> matched) {
    if (entryRun.isEmpty() || outcome == StepExecution.Outcome.HIT) {
      r.spec().params().forEach(run::logParam);
    }
    run.recordFact(new JournalEvent.Step(clock.millis(), r.spec().name(), r.key().hex(), outcome,
        entryRun.map(RunId::value).orElse(null), matched.orElse(null)));
  }

  /**
   * Records the inputs as used, storing the content of local paths the store lacks; the key's digests are
   * reused, so no input is hashed twice.
   */
  private void storeInputs(DefaultRun run, Resolved r) {
    List<StepSpec.DeclaredInput> inputs = r.spec().inputs();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).artifact() == null) {
        run.useDescribed(inputs.get(i).path(), r.inputArtifacts().get(i));
      } else {
        run.recordStored(Direction.USED, r.inputArtifacts().get(i));
      }
    }
  }

  /** A fresh directory per execution, so concurrent executions of one step never write over each other. */
  private Path outputDir(String step) {
    String safe = step.replaceAll("[^A-Za-z0-9._-]", "_");
    Path dir = workDir.resolve("steps").resolve(safe.length() > 64 ? safe.substring(0, 64) : safe)
        .resolve(Ulid.next(clock.millis()));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new dev.lineage.StorageException("cannot create step output directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
