package dev.lineage.internal.step;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.LineageException;
import dev.lineage.RunId;
import dev.lineage.internal.Json;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.DirectoryManifest;
import dev.lineage.internal.run.DefaultRun;
import dev.lineage.internal.store.PutOnce;
import dev.lineage.internal.store.Records;
import dev.lineage.internal.store.StoreLayout;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import dev.lineage.step.StepBody;
import dev.lineage.step.StepCacheEntry;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs steps against the cache: resolves the key, serves a hit by restoring and verifying outputs, or runs the
 * body and publishes an entry with put-if-absent. Concurrent calls with one key in this JVM run the body once.
 */
public final class StepEngine {
  private static final System.Logger LOG = System.getLogger(StepEngine.class.getName());
  static final String TAG_STEP = "lineage.step";
  static final String TAG_KEY = "lineage.step.key";
  static final String TAG_CACHE = "lineage.cache";
  static final String TAG_SOURCE = "lineage.cache.source";
  static final String TAG_RACE = "lineage.cache.race";

  private final StorageBackend backend;
  private final ArtifactStore artifacts;
  private final CodeFingerprint code;
  private final Function<String, DefaultRun> runs;
  private final Clock clock;
  private final Path workDir;
  private final boolean reads;
  private final Map<Digest, CompletableFuture<StepResult>> inflight = new ConcurrentHashMap<>();
  private static final int PARALLEL_INPUTS = 64;

  public StepEngine(StorageBackend backend, ArtifactStore artifacts, Function<String, DefaultRun> runs, Clock clock,
      Path workDir, boolean reads) {
    this.backend = backend;
    this.artifacts = artifacts;
    this.code = new CodeFingerprint(artifacts);
    this.runs = runs;
    this.clock = clock;
    this.workDir = workDir;
    this.reads = reads;
  }

  /** The resolved key of a step: its canonical encoding's digest and the input digests it was built from. */
  record Resolved(StepSpec spec, Digest key, List<Artifact> inputArtifacts) {}

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
    return reads ? readEntry(spec.name(), r.key()).map(DefaultStepCache::toEntry) : Optional.empty();
  }

  Resolved resolve(StepSpec spec) {
    // Mostly one stat per input on a warm hash cache: worth spreading over cores when there are many inputs.
    java.util.stream.Stream<StepSpec.DeclaredInput> stream = spec.inputs().size() >= PARALLEL_INPUTS
        ? spec.inputs().parallelStream() : spec.inputs().stream();
    List<Artifact> inputArtifacts = stream.map(input -> {
      Artifact a = input.artifact();
      return a != null
          ? new Artifact(a.digest(), a.kind(), a.size(), Optional.of(input.name()))
          : artifacts.describe(input.path(), input.name());
    }).toList();
    List<StepKey.Input> keyInputs = new ArrayList<>();
    for (Artifact a : inputArtifacts) {
      keyInputs.add(new StepKey.Input(a.name().orElseThrow(), a.digest()));
    }
    String fingerprint = code.of(spec.codeVersion(), spec.codeClasses(), spec.codeFiles());
    byte[] encoded = StepKey.encode(spec.name(), fingerprint, spec.params(), keyInputs, spec.env());
    return new Resolved(spec, StepKey.digest(encoded), inputArtifacts);
  }

  private <E extends Exception> StepResult execute(Resolved r, StepBody<E> body) throws E {
    if (reads) {
      Optional<Records.StepEntry> entry = readEntry(r.spec().name(), r.key());
      if (entry.isPresent()) {
        Optional<StepResult> hit = serveHit(r, entry.get());
        if (hit.isPresent()) {
          return hit.get();
        }
      }
    }
    return compute(r, body);
  }

  Optional<Records.StepEntry> readEntry(String step, Digest key) {
    return backend.get(StoreLayout.stepCacheEntry(step, key))
        .map(in -> Json.read(in, Records.StepEntry.class, "step cache entry of " + step));
  }

  private Optional<StepResult> serveHit(Resolved r, Records.StepEntry entry) {
    Path outputDir = outputDir(r.spec().name());
    Map<String, StepOutput> outputs = new LinkedHashMap<>();
    try {
      for (Records.StepEntryOutput o : entry.outputs()) {
        Artifact artifact = new Artifact(Digest.parse(o.digest()), ArtifactKind.valueOf(o.kind()), o.size(),
            Optional.of(o.name()));
        Path target = outputDir.resolve(DirectoryManifest.checkRelativePath(o.path()));
        outputs.put(o.name(), new StepOutput(artifact, artifacts.restore(artifact, target)));
      }
    } catch (LineageException | IllegalArgumentException unusable) {
      // A hit must never be wrong: a missing or corrupt blob makes this a miss, never an error.
      LOG.log(System.Logger.Level.WARNING, "step cache entry " + r.key() + " of '" + r.spec().name()
          + "' is unusable (" + unusable.getMessage() + "); recomputing", unusable);
      entry.outputs().forEach(o -> artifacts.discardCorrupt(Digest.parse(o.digest())));
      backend.delete(StoreLayout.stepCacheEntry(r.spec().name(), r.key()));
      return Optional.empty();
    }
    DefaultRun run = runs.apply(r.spec().name());
    describe(run, r, "hit");
    run.systemTag(TAG_SOURCE, entry.run());
    // The computing run stored every input, and the key proves these are the same contents.
    r.inputArtifacts().forEach(a -> run.recordStored("USED", a));
    outputs.values().forEach(o -> run.recordStored("PRODUCED", o.artifact()));
    run.close();
    return Optional.of(new StepResult(r.spec().name(), true, run.id(), RunId.of(entry.run()), r.key(), outputs));
  }

  private <E extends Exception> StepResult compute(Resolved r, StepBody<E> body) throws E {
    DefaultRun run = runs.apply(r.spec().name());
    describe(run, r, "miss");
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
    publish(r, run, ctx);
    run.close();
    return new StepResult(r.spec().name(), false, run.id(), run.id(), r.key(), ctx.outputs());
  }

  private void publish(Resolved r, DefaultRun run, DefaultStepContext ctx) {
    List<Records.StepEntryOutput> outputs = new ArrayList<>();
    ctx.outputs().forEach((name, o) -> outputs.add(new Records.StepEntryOutput(name,
        ctx.relativePath(o.path()), o.artifact().digest().toString(), o.artifact().kind().name(),
        o.artifact().size())));
    Records.StepEntry entry = new Records.StepEntry(Records.STEP_ENTRY_FORMAT, StoreLayout.FORMAT_VERSION,
        r.spec().name(), r.key().hex(), run.id().value(), clock.millis(), outputs);
    String key = StoreLayout.stepCacheEntry(r.spec().name(), r.key());
    if (backend.putIfAbsent(key, Payload.of(Json.write(entry))) == PutResult.CREATED) {
      return;
    }
    // Another process computed the same key first; its entry stands. Compare, to catch non-determinism.
    Records.StepEntry winner = Json.read(PutOnce.read(backend, key), Records.StepEntry.class, key);
    Map<String, String> ours = digests(outputs);
    Map<String, String> theirs = digests(winner.outputs());
    boolean same = ours.equals(theirs);
    run.systemTag(TAG_RACE, same ? "lost-identical" : "lost-different");
    run.systemTag(TAG_SOURCE, winner.run());
    if (!same) {
      LOG.log(System.Logger.Level.WARNING, "step '" + r.spec().name() + "' is not deterministic: run " + run.id()
          + " produced " + ours + " but run " + winner.run() + " already cached " + theirs + " for key " + r.key());
    }
  }

  private static Map<String, String> digests(List<Records.StepEntryOutput> outputs) {
    Map<String, String> m = new java.util.TreeMap<>();
    outputs.forEach(o -> m.put(o.name(), o.digest()));
    return m;
  }

  private void describe(DefaultRun run, Resolved r, String outcome) {
    run.systemTag(TAG_STEP, r.spec().name());
    run.systemTag(TAG_KEY, r.key().hex());
    run.systemTag(TAG_CACHE, outcome);
    r.spec().params().forEach((k, v) -> run.logParam(k, v));
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
        run.recordStored("USED", r.inputArtifacts().get(i));
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
      throw new dev.lineage.StorageException("cannot create step output directory " + dir, e);
    }
  }
}
