package dev.lineage.internal.maintenance;

import dev.lineage.CorruptObjectException;
import dev.lineage.RunId;
import dev.lineage.StorageException;
import dev.lineage.StoreProblem;
import dev.lineage.internal.Tasks;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.internal.store.AliasMoveDoc;
import dev.lineage.internal.store.CheckpointDoc;
import dev.lineage.internal.store.Checkpoints;
import dev.lineage.internal.store.Documents;
import dev.lineage.internal.store.Format;
import dev.lineage.internal.store.JournalDoc;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.ModelVersionDoc;
import dev.lineage.internal.store.PolicyDoc;
import dev.lineage.internal.store.RunEndDoc;
import dev.lineage.internal.store.RunStartDoc;
import dev.lineage.internal.store.StepEntryDoc;
import dev.lineage.internal.store.Store;
import dev.lineage.maintenance.Checkpoint;
import dev.lineage.maintenance.Progress;
import dev.lineage.maintenance.SealReport;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes a signed checkpoint: lists the store once, finds the head of every chain, reads each head it has not
 * sealed before for its checksum, and signs the list (docs/storage-format.md, "Signed checkpoints"). A head the
 * previous checkpoint signed by the same key named is carried over unread: objects are immutable, and one
 * rewritten since is what {@code verify} with the key then finds.
 */
final class Sealer {
  private static final int ATTEMPTS = 5;
  /** Chains per task: enough to amortise a task, few enough to share the work out. */
  private static final int BATCH = 64;

  private final Store store;
  private final Clock clock;
  private final Executor executor;
  private final Map<String, String> heads = new ConcurrentHashMap<>(1 << 16);
  private final List<StoreProblem> problems = Collections.synchronizedList(new ArrayList<>());
  private final LongAdder read = new LongAdder();
  private Map<String, String> sealedBefore = Map.of();

  Sealer(Store store, Clock clock, Executor executor) {
    this.store = store;
    this.clock = clock;
    this.executor = executor;
  }

  SealReport seal(PrivateKey key, Progress progress) {
    store.requireWritable("sealing a checkpoint");
    long started = clock.millis();
    PublicKey publicKey = Ed25519.publicKeyOf(key);
    String encodedKey = Base64.getEncoder().encodeToString(publicKey.getEncoded());
    Checkpoints checkpoints = store.checkpoints();
    List<Long> numbers = checkpoints.numbers();
    CheckpointDoc previous = null;
    FutureTask<Map<String, String>> before = null;
    if (!numbers.isEmpty()) {
      CheckpointDoc last = checkpoints.read(numbers.get(numbers.size() - 1)).doc();
      if (last.publicKey().equals(encodedKey)) {
        if (!Ed25519.verify(publicKey, last.statement(), Base64.getDecoder().decode(last.signature()))) {
          throw new CorruptObjectException(last.storedAt(), "names this key as its signer, but its signature does "
              + "not verify (forged or damaged); nothing is sealed on top of it: run verify with the public key");
        }
        previous = last;
        before = Tasks.start(executor, () -> checkpoints.heads(last)); // read while this thread lists
      }
    }
    StoreLayout layout = StoreLayout.list(store.scan(), executor, progress);
    if (before != null) {
      sealedBefore = Tasks.join(before, "reading the previous checkpoint's heads");
      heads.putAll(sealedBefore); // a sealed object stays sealed, even once deleted: verify then names it
    }
    List<Runnable> chains = new ArrayList<>();
    layout.runs().forEach((run, objects) -> chains.add(() -> sealRun(run, objects)));
    layout.versions().forEach((model, newest) -> chains.add(() -> sealSequence(Keys.modelVersion(model, newest),
        n -> Keys.modelVersion(model, (int) n), newest, Format.MODEL_VERSION, ModelVersionDoc.class,
        ModelVersionDoc::prev)));
    layout.moves().forEach((alias, newest) -> chains.add(() -> sealSequence(
        Keys.aliasMove(alias.model(), alias.alias(), newest), n -> Keys.aliasMove(alias.model(), alias.alias(), n),
        newest, Format.ALIAS_MOVE, AliasMoveDoc.class, AliasMoveDoc::prev)));
    layout.stepEntries().forEach(k -> chains.add(() -> head(k, Format.STEP_ENTRY, StepEntryDoc.class)));
    if (layout.newestPolicy() > 0) {
      chains.add(() -> head(Keys.policy(layout.newestPolicy()), Format.REGISTRY_POLICY, PolicyDoc.class));
    }
    runAll(chains, progress);

    String headsKey;
    String headsDigest;
    if (previous != null && read.sum() == 0 && heads.size() == sealedBefore.size()) {
      headsKey = previous.heads(); // nothing new: the same list, already stored under its digest
      headsDigest = previous.headsDigest();
    } else {
      byte[] list = Checkpoints.encodeHeads(heads);
      headsKey = checkpoints.putHeads(list);
      headsDigest = Sha256.of(list).toString();
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      List<Long> now = attempt == 1 ? numbers : checkpoints.numbers();
      long number = now.isEmpty() ? 1 : now.get(now.size() - 1) + 1;
      String prev = number == 1 ? null : checkpoints.read(number - 1).checksum();
      long sealedAt = clock.millis();
      byte[] statement = CheckpointDoc.statement(number, sealedAt, prev, headsKey, headsDigest, heads.size(),
          encodedKey);
      CheckpointDoc doc = new CheckpointDoc(number, sealedAt, prev, headsKey, headsDigest, heads.size(), encodedKey,
          Base64.getEncoder().encodeToString(Ed25519.sign(key, statement)));
      if (checkpoints.commit(doc)) {
        Checkpoint checkpoint = new Checkpoint(number, Instant.ofEpochMilli(sealedAt), heads.size(),
            Ed25519.keyId(publicKey), checkpoints.read(number).checksum());
        problems.sort(java.util.Comparator.comparing(StoreProblem::key));
        return new SealReport(checkpoint, layout.listed(), read.sum(), problems,
            Duration.ofMillis(clock.millis() - started));
      }
      // Another seal took this number: seal as the next one.
    }
    throw new dev.lineage.ConflictException("could not write a checkpoint in " + ATTEMPTS + " attempts: other seals "
        + "took every number");
  }

  private void runAll(List<Runnable> chains, Progress progress) {
    List<FutureTask<Void>> tasks = new ArrayList<>();
    for (int from = 0; from < chains.size(); from += BATCH) {
      List<Runnable> these = chains.subList(from, Math.min(chains.size(), from + BATCH));
      tasks.add(Tasks.start(executor, () -> {
        these.forEach(Runnable::run);
        return null;
      }));
    }
    for (int i = 0; i < tasks.size(); i++) {
      progress.update("heads", (long) i * BATCH, chains.size());
      Tasks.join(tasks.get(i), "sealing the store");
    }
    progress.update("heads", chains.size(), chains.size());
  }

  /**
   * A run's heads. Ended and chained: its end, and the owner's last batch (the checksum the end names, unread);
   * every other writer's last batch. Running: every writer's last batch, or its start if none has one. A run or
   * writer written before chains has every document sealed, since nothing links them.
   */
  private void sealRun(RunId run, StoreLayout.RunObjects objects) {
    String startKey = Keys.runStart(run);
    String owner = null;
    if (objects.ended()) {
      String endKey = Keys.runEnd(run);
      Optional<Documents.Decoded<RunEndDoc>> end = head(endKey, Format.RUN_END, RunEndDoc.class);
      if (end.isPresent() && end.get().doc().last() == null) {
        everything(run, objects);
        return;
      }
      if (end.isPresent()) {
        RunEndDoc e = end.get().doc();
        owner = e.writer();
        heads.put(e.batches() == 0 ? startKey : Keys.journal(run, e.writer(), e.batches() - 1), e.last());
      }
    }
    if (objects.writers().isEmpty() && objects.started()) {
      head(startKey, Format.RUN_START, RunStartDoc.class);
    }
    for (Map.Entry<String, Long> w : objects.writers().entrySet()) {
      String last = Keys.journal(run, w.getKey(), w.getValue());
      if (w.getKey().equals(owner) && heads.containsKey(last)) {
        continue; // vouched for by the end
      }
      Optional<Documents.Decoded<JournalDoc>> batch = head(last, Format.RUN_LOG, JournalDoc.class);
      if (batch.isPresent() && batch.get().doc().prev() == null) {
        for (long n = 0; n < w.getValue(); n++) {
          head(Keys.journal(run, w.getKey(), n), Format.RUN_LOG, JournalDoc.class);
        }
        if (objects.started()) {
          head(startKey, Format.RUN_START, RunStartDoc.class);
        }
      }
    }
  }

  private void everything(RunId run, StoreLayout.RunObjects objects) {
    if (objects.started()) {
      head(Keys.runStart(run), Format.RUN_START, RunStartDoc.class);
    }
    objects.writers().forEach((writer, last) -> {
      for (long n = 0; n <= last; n++) {
        head(Keys.journal(run, writer, n), Format.RUN_LOG, JournalDoc.class);
      }
    });
  }

  /** A numbered sequence from 1 (versions, moves): its newest, or all of it if the newest names no predecessor. */
  private <T> void sealSequence(String newestKey, java.util.function.LongFunction<String> keyOf, long newest,
      Format format, Class<T> type, java.util.function.Function<T, String> prev) {
    Optional<Documents.Decoded<T>> head = head(newestKey, format, type);
    if (head.isPresent() && newest > 1 && prev.apply(head.get().doc()) == null) {
      for (long n = 1; n < newest; n++) {
        head(keyOf.apply(n), format, type);
      }
    }
  }

  /**
   * Seals one document: already sealed if the previous checkpoint named it (empty: unread), else read for its
   * checksum. A damaged or version-1 document (no checksum) is not sealed; the damaged one is reported.
   */
  private <T> Optional<Documents.Decoded<T>> head(String key, Format format, Class<T> type) {
    if (sealedBefore.containsKey(key)) {
      return Optional.empty();
    }
    try {
      read.increment();
      Documents.Decoded<T> decoded = store.scan().decode(key, format, type);
      if (decoded.checksum() != null) {
        heads.put(key, decoded.checksum());
      }
      return Optional.of(decoded);
    } catch (StorageException e) {
      problems.add(StoreProblem.of(key, Optional.empty(), e));
      return Optional.empty();
    }
  }
}
