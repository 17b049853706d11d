package dev.lineage.internal.maintenance;

import dev.lineage.CorruptObjectException;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.RunId;
import dev.lineage.SourceState;
import dev.lineage.StorageException;
import dev.lineage.StoreProblem;
import dev.lineage.internal.Tasks;
import dev.lineage.internal.hash.DirectoryManifest;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.internal.metrics.SegmentReader;
import dev.lineage.internal.query.IndexTables;
import dev.lineage.internal.store.AliasMoveDoc;
import dev.lineage.internal.store.CheckpointDoc;
import dev.lineage.internal.store.Checkpoints;
import dev.lineage.internal.store.Chains;
import dev.lineage.internal.store.Documents;
import dev.lineage.internal.store.Format;
import dev.lineage.internal.store.IndexManifestDoc;
import dev.lineage.internal.store.JournalDoc;
import dev.lineage.internal.store.JournalEvent;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.LockDoc;
import dev.lineage.internal.store.ModelVersionDoc;
import dev.lineage.internal.store.ObjectScan;
import dev.lineage.internal.store.PolicyDoc;
import dev.lineage.internal.store.RunEndDoc;
import dev.lineage.internal.store.RunStartDoc;
import dev.lineage.internal.store.StepEntryDoc;
import dev.lineage.internal.store.StoreMarker;
import dev.lineage.maintenance.Checkpoint;
import dev.lineage.maintenance.Progress;
import dev.lineage.maintenance.VerifyReport;
import dev.lineage.spi.ObjectInfo;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads every object of a store and checks it against its own checksum or digest and against what names it;
 * see {@link dev.lineage.maintenance.Maintenance#verify}.
 */
final class StoreVerifier {
  private final ObjectScan scan;
  private final Clock clock;
  private final Executor executor;
  // Filled by several threads at once (verify): every object is checked on the executor or this thread.
  private final List<StoreProblem> problems = Collections.synchronizedList(new ArrayList<>());
  private final References references = new References();
  private final Set<Digest> blobs = ConcurrentHashMap.newKeySet();
  private final Set<RunId> runs = ConcurrentHashMap.newKeySet();
  private final Map<RunId, String> runReferrers = new ConcurrentHashMap<>();
  private final Map<String, String> namedSegments = new ConcurrentHashMap<>(); // key -> digest
  private final Map<String, String> segmentNamer = new ConcurrentHashMap<>();
  private final Map<String, Digest> segments = new ConcurrentHashMap<>();
  private final Map<String, IndexManifestDoc.TableRef> namedTables = new ConcurrentHashMap<>();
  private final Map<String, String> tableNamer = new ConcurrentHashMap<>();
  private final Map<String, Digest> tables = new ConcurrentHashMap<>();
  private final LongAdder bytes = new LongAdder();
  // Numbered objects, to find a gap: a writer's journal batches (from 0), a model's versions and an alias's moves
  // (from 1); and how many batches each run's end says its owner's writer committed.
  private final Map<Numbered, Set<Long>> numbers = new ConcurrentHashMap<>();
  private final Map<Numbered, Long> endClaims = new ConcurrentHashMap<>();
  // Chains: each chained kind's checksum and whether it links on, and what each document names as its predecessor.
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final List<Claim> claims = Collections.synchronizedList(new ArrayList<>());
  private final LongAdder unchained = new LongAdder();

  /** A document of a chained kind as read: its checksum (null for version 1) and whether it names a predecessor. */
  private record Link(String checksum, boolean linked) {}

  /** {@code key} names {@code named} (null: nothing) as the checksum of {@code predecessor}. */
  private record Claim(String key, String named, String predecessor) {}

  private void chained(String key, Documents.Decoded<?> decoded, String named, String predecessor) {
    links.put(key, new Link(decoded.checksum(), named != null));
    if (named == null) {
      unchained.increment();
    }
    if (predecessor != null) {
      claims.add(new Claim(key, named, predecessor));
    }
  }

  /** The first document of a chain (a run's start, a model's first version, an alias's first move). */
  private void root(String key, Documents.Decoded<?> decoded) {
    links.put(key, new Link(decoded.checksum(), false));
  }

  /** A sequence of numbered objects: the key of number {@code n} is {@code keyOf.apply(n)}. */
  private record Numbered(String what, long first, java.util.function.LongFunction<String> keyOf) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Numbered n && n.what.equals(what);
    }

    @Override
    public int hashCode() {
      return what.hashCode();
    }
  }

  private void numbered(Numbered sequence, long n) {
    numbers.computeIfAbsent(sequence, k -> ConcurrentHashMap.newKeySet()).add(n);
  }

  private static Numbered batches(RunId run, String writer) {
    return new Numbered("journal batches of writer " + writer + " of run " + run, 0,
        n -> Keys.journal(run, writer, n));
  }

  // Checkpoints as read, by number, and the step cache entries' checksums (every other document's is in links).
  private final Map<Long, Documents.Decoded<CheckpointDoc>> checkpoints = new ConcurrentHashMap<>();
  private final Map<String, String> entryChecksums = new ConcurrentHashMap<>();
  private final List<PolicyDoc> policies = Collections.synchronizedList(new ArrayList<>());
  private final List<AliasMoveDoc> moves = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> headLists = ConcurrentHashMap.newKeySet();
  private final Checkpoints checkpointObjects;
  private final PublicKey trusted;
  private Checkpoint provenBy;

  StoreVerifier(ObjectScan scan, Checkpoints checkpoints, Clock clock, Executor executor, PublicKey trusted) {
    this.scan = scan;
    this.checkpointObjects = checkpoints;
    this.clock = clock;
    this.executor = executor;
    this.trusted = trusted;
  }

  VerifyReport verify(Progress progress) {
    long started = clock.millis();
    // Every object is read and checked once, on the executor's threads and this one at once. The listing goes
    // page by page on this thread while the executor checks what has been listed: on a store of small objects
    // the listing is a quarter of the work. Documents go out in batches as they are listed (in a new JVM their
    // decoding is slow until compiled, so it must not be left for the end); blobs, most of a store's bytes, go
    // out once the listing is done, one task each, largest first. Nothing below depends on which thread ran what.
    List<FutureTask<Void>> tasks = new ArrayList<>();
    List<ObjectInfo> blobObjects = new ArrayList<>();
    List<ObjectInfo> batch = new ArrayList<>();
    long[] listed = {0};
    scan.listPages(page -> {
      for (ObjectInfo o : page) {
        if (Keys.digestOfBlob(o.key()).isPresent()) {
          blobObjects.add(o);
        } else {
          batch.add(o);
          if (batch.size() == BATCH) {
            List<ObjectInfo> these = List.copyOf(batch);
            tasks.add(Tasks.start(executor, () -> checkAll(these)));
            batch.clear();
          }
        }
      }
      listed[0] += page.size();
      progress.update("listing", listed[0], -1);
    });
    long objects = listed[0];
    List<ObjectInfo> rest = List.copyOf(batch);
    tasks.add(Tasks.start(executor, () -> checkAll(rest)));
    blobObjects.sort(Comparator.comparingLong(ObjectInfo::size).reversed());
    for (ObjectInfo o : blobObjects) {
      tasks.add(Tasks.start(executor, () -> checkAll(List.of(o))));
    }
    // This thread takes every task no executor thread has started, rather than wait on the first one.
    for (int i = 0; i < tasks.size(); i++) {
      progress.update("objects", objects * i / tasks.size(), objects);
      tasks.get(i).run();
    }
    for (FutureTask<Void> task : tasks) {
      Tasks.join(task, "verifying the store");
    }
    progress.update("objects", objects, objects);
    crossCheck(progress);
    checkpoints();
    if (trusted != null) {
      trust();
    }
    problems.sort(Comparator.comparing(StoreProblem::key));
    return new VerifyReport(objects, bytes.sum(), problems, unchained.sum(), Optional.ofNullable(provenBy),
        Duration.ofMillis(clock.millis() - started));
  }

  /** Objects checked per task: enough to amortise a task, few enough to share the work out. */
  private static final int BATCH = 64;

  private Void checkAll(List<ObjectInfo> these) {
    for (ObjectInfo o : these) {
      try {
        check(o.key(), o.size());
      } catch (StorageException e) {
        problems.add(StoreProblem.of(o.key(), runOf(o.key()), e));
      }
    }
    return null;
  }

  private static Optional<RunId> runOf(String key) {
    return Keys.runIdOfStart(key).or(() -> RunKeys.parse(key).map(RunKeys::run));
  }

  private void check(String key, long size) {
    if (key.equals(Keys.MARKER)) {
      decode(key, Format.STORE, StoreMarker.class);
    } else if (key.startsWith(Keys.RUNS)) {
      Optional<RunId> id = Keys.runIdOfStart(key);
      if (id.isEmpty()) {
        stray(key, "not a run start record");
        return;
      }
      Documents.Decoded<RunStartDoc> decoded = decoded(key, Format.RUN_START, RunStartDoc.class);
      root(key, decoded);
      RunStartDoc start = decoded.doc();
      start.fingerprint().sourceOrEmpty().flatMap(SourceState::diff)
          .ifPresent(d -> references.add(d.digest(), d.kind(), key));
      runs.add(id.get());
      if (start.parent() != null) {
        References.firstInKeyOrder(runReferrers, RunId.of(start.parent()), key);
      }
    } else if (key.startsWith(Keys.RUN_DATA)) {
      checkRunData(key);
    } else if (key.startsWith(Keys.BLOBS)) {
      Optional<Digest> digest = Keys.digestOfBlob(key);
      if (digest.isEmpty()) {
        stray(key, "not a blob key");
        return;
      }
      Sha256.Hashed h = scan.hash(key).orElseThrow(() -> new CorruptObjectException(key, "vanished while read"));
      bytes.add(h.bytes());
      if (!h.digest().equals(digest.get())) {
        throw new CorruptObjectException(key, "holds content with digest " + h.digest());
      }
      blobs.add(digest.get());
    } else if (key.startsWith(Keys.STEP_CACHE)) {
      Documents.Decoded<StepEntryDoc> decoded = decoded(key, Format.STEP_ENTRY, StepEntryDoc.class);
      if (decoded.checksum() != null) {
        entryChecksums.put(key, decoded.checksum());
      }
      StepEntryDoc e = decoded.doc();
      e.outputs().forEach(o -> references.add(Digest.parse(o.digest()), o.kind(), key));
      References.firstInKeyOrder(runReferrers, RunId.of(e.run()), key);
    } else if (key.startsWith(Keys.INDEX)) {
      checkIndex(key);
    } else if (key.startsWith(Keys.REGISTRY)) {
      checkRegistry(key);
    } else if (key.startsWith(Keys.POLICY)) {
      Documents.Decoded<PolicyDoc> decoded = decoded(key, Format.REGISTRY_POLICY, PolicyDoc.class);
      PolicyDoc p = decoded.doc();
      policies.add(p);
      if (p.seq() == 1) {
        root(key, decoded);
      } else {
        chained(key, decoded, p.prev(), Keys.policy(p.seq() - 1));
      }
      numbered(new Numbered("versions of the registry's policy", 1, Keys::policy), p.seq());
    } else if (key.startsWith(Keys.CHECKPOINT_HEADS)) {
      Sha256.Hashed h = scan.hash(key).orElseThrow(() -> new CorruptObjectException(key, "vanished while read"));
      bytes.add(h.bytes());
      if (!key.equals(Keys.checkpointHeads(h.digest()))) {
        throw new CorruptObjectException(key, "holds content with digest " + h.digest()
            + ", not the one its name says");
      }
      headLists.add(key);
    } else if (key.startsWith(Keys.CHECKPOINTS)) {
      long number = Keys.checkpointNumberOf(key);
      if (number < 1) {
        stray(key, "not a checkpoint");
        return;
      }
      checkpoints.put(number, decoded(key, Format.CHECKPOINT, CheckpointDoc.class));
    } else if (key.startsWith(Keys.LOCKS)) {
      decode(key, Format.LOCK, LockDoc.class);
    } else if (!key.startsWith(Keys.INDEX_V1) && !key.startsWith(Keys.QUARANTINE) && !key.startsWith(Keys.STAGING)
        && !key.startsWith(Keys.DOCTOR)) { // a doctor's leftover probes are garbage collection's
      stray(key, "outside the store's key layout");
    }
  }

  private void checkRunData(String key) {
    Optional<RunKeys> parsed = RunKeys.parse(key);
    if (parsed.isEmpty()) {
      stray(key, "not a run's end record, journal batch or metric segment");
      return;
    }
    RunId run = parsed.get().run();
    References.firstInKeyOrder(runReferrers, run, key);
    switch (parsed.get().kind()) {
      case END -> {
        Documents.Decoded<RunEndDoc> decoded = decoded(key, Format.RUN_END, RunEndDoc.class);
        RunEndDoc end = decoded.doc();
        if (end.writer() != null) {
          endClaims.put(batches(run, end.writer()), end.batches());
        }
        chained(key, decoded, end.last(), end.writer() == null ? null
            : end.batches() == 0 ? Keys.runStart(run) : Keys.journal(run, end.writer(), end.batches() - 1));
      }
      case JOURNAL -> {
        Documents.Decoded<JournalDoc> decoded = decoded(key, Format.RUN_LOG, JournalDoc.class);
        JournalDoc j = decoded.doc();
        numbered(batches(run, j.writer()), j.seq());
        chained(key, decoded, j.prev(), j.seq() == 0 ? Keys.runStart(run) : Keys.journal(run, j.writer(), j.seq() - 1));
        for (JournalEvent e : j.events()) {
          if (e instanceof JournalEvent.ArtifactEdge a) {
            references.add(Digest.parse(a.digest()), a.kind(), key);
          } else if (e instanceof JournalEvent.Code c) {
            references.addClasspath(Digest.parse(c.classpath()), key);
          } else if (e instanceof JournalEvent.Segment s) {
            namedSegments.put(s.key(), s.digest());
            segmentNamer.put(s.key(), key);
          }
        }
      }
      case SEGMENT -> {
        byte[] segment = scan.read(key).orElseThrow(() -> new CorruptObjectException(key, "vanished while read"));
        bytes.add(segment.length);
        segments.put(key, Sha256.of(segment));
        SegmentReader.read(segment, key, k -> false, new ArrayList<>());
      }
    }
  }

  private void checkIndex(String key) {
    if (key.endsWith("/manifest.json")) {
      IndexManifestDoc m = decode(key, Format.INDEX, IndexManifestDoc.class);
      m.tables().forEach((name, ref) -> {
        namedTables.put(ref.key(), ref);
        tableNamer.put(ref.key(), key);
      });
      return;
    }
    byte[] table = scan.read(key).orElseThrow(() -> new CorruptObjectException(key, "vanished while read"));
    bytes.add(table.length);
    tables.put(key, Sha256.of(table));
    String name = key.substring(key.lastIndexOf('-') + 1).replace(".parquet", "");
    IndexTables.check(key, name, table);
  }

  private void checkRegistry(String key) {
    if (key.contains("/versions/")) {
      Documents.Decoded<ModelVersionDoc> decoded = decoded(key, Format.MODEL_VERSION, ModelVersionDoc.class);
      ModelVersionDoc v = decoded.doc();
      if (v.number() == 1) {
        root(key, decoded);
      } else {
        chained(key, decoded, v.prev(), Keys.modelVersion(v.model(), v.number() - 1));
      }
      numbered(new Numbered("versions of model '" + v.model() + "'", 1, n -> Keys.modelVersion(v.model(), (int) n)),
          v.number());
      references.add(Digest.parse(v.digest()), v.kind(), key);
      if (v.run() != null) {
        References.firstInKeyOrder(runReferrers, RunId.of(v.run()), key);
      }
    } else if (key.contains("/aliases/")) {
      Documents.Decoded<AliasMoveDoc> decoded = decoded(key, Format.ALIAS_MOVE, AliasMoveDoc.class);
      AliasMoveDoc m = decoded.doc();
      moves.add(m);
      if (m.seq() == 1) {
        root(key, decoded);
      } else {
        chained(key, decoded, m.prev(), Keys.aliasMove(m.model(), m.alias(), m.seq() - 1));
      }
      numbered(new Numbered("moves of alias '" + m.alias() + "' of model '" + m.model() + "'", 1,
          n -> Keys.aliasMove(m.model(), m.alias(), n)), m.seq());
    } else {
      stray(key, "not a registry object");
    }
  }

  /** What names must exist, and what digests must agree, once every object has been read. */
  private void crossCheck(Progress progress) {
    gaps();
    links();
    policy();
    namedSegments.forEach((key, digest) -> {
      Digest actual = segments.get(key);
      if (actual == null) {
        dangling(key, "the metric segment " + segmentNamer.get(key) + " names is missing");
      } else if (!actual.toString().equals(digest)) {
        corrupt(key, "holds content " + actual + ", not the " + digest + " " + segmentNamer.get(key) + " names");
      }
    });
    namedTables.forEach((key, ref) -> {
      Digest actual = tables.get(key);
      if (actual == null) {
        dangling(key, "the index table " + tableNamer.get(key) + " names is missing");
      } else if (!actual.toString().equals(ref.digest())) {
        corrupt(key, "holds content " + actual + ", not the " + ref.digest() + " " + tableNamer.get(key) + " names");
      }
    });
    runReferrers.forEach((run, referrer) -> {
      if (!runs.contains(run)) {
        dangling(Keys.runStart(run), referrer + " names run " + run + ", which has no start record");
      }
    });
    for (Digest d : new ArrayList<>(references.classpaths)) {
      if (!blobs.contains(d)) {
        continue; // reported below as a missing blob
      }
      try {
        references.addClasspathContent(d, scan.read(Keys.blob(d)).orElseThrow());
      } catch (dev.lineage.CorruptObjectException | dev.lineage.UnsupportedVersionException e) {
        corrupt(Keys.blob(d), "is named as a class path manifest but is not one: " + e.getMessage());
      }
    }
    List<Digest> directories = new ArrayList<>(references.directories);
    for (int i = 0; i < directories.size(); i++) {
      progress.update("directory manifests", i, directories.size());
      Digest d = directories.get(i);
      if (!blobs.contains(d)) {
        continue; // reported below as a missing blob
      }
      try {
        byte[] manifest = scan.read(Keys.blob(d)).orElseThrow();
        DirectoryManifest.decode(manifest).entries().forEach(e -> references.add(e.digest(), null, Keys.blob(d)));
      } catch (InvalidInputException e) {
        corrupt(Keys.blob(d), "is named as a directory but is not a manifest: " + e.getMessage());
      }
    }
    references.referrers.forEach((digest, referrer) -> {
      if (!blobs.contains(digest)) {
        dangling(Keys.blob(digest), referrer + " names content " + digest + ", which the store does not hold");
      }
    });
  }

  /**
   * Every number missing below the highest of its sequence (a batch, version or move deleted while a later one
   * remains), and every batch an end names that is gone; an object already reported as damaged is not reported
   * again as missing.
   */
  private void gaps() {
    Set<String> reported = new java.util.HashSet<>();
    problems.forEach(p -> reported.add(p.key()));
    endClaims.forEach((sequence, count) -> {
      Set<Long> found = numbers.getOrDefault(sequence, Set.of());
      for (long n = 0; n < count; n++) {
        String key = sequence.keyOf().apply(n);
        if (!found.contains(n) && reported.add(key)) {
          dangling(key, "the run's end names " + count + " " + sequence.what() + ", and batch " + n + " is missing");
        }
      }
    });
    numbers.forEach((sequence, found) -> {
      long highest = found.stream().mapToLong(Long::longValue).max().orElse(sequence.first() - 1);
      for (long n = sequence.first(); n < highest; n++) {
        String key = sequence.keyOf().apply(n);
        if (!found.contains(n) && reported.add(key)) {
          dangling(key, "number " + n + " of the " + sequence.what() + " is missing while number " + highest
              + " remains (deleted?)");
        }
      }
    });
  }

  /**
   * Every link of every chain: a document whose predecessor holds another checksum than the one it names, or
   * that names none after a predecessor that does. A predecessor that is missing or damaged is reported as such.
   */
  private void links() {
    for (Claim c : claims) {
      Link before = links.get(c.predecessor());
      if (before == null) {
        continue;
      }
      try {
        Chains.link(c.key(), c.named(), c.predecessor(), before.checksum(), before.linked());
      } catch (CorruptObjectException e) {
        problems.add(StoreProblem.of(c.key(), runOf(c.key()), e));
      }
    }
  }

  /**
   * Every alias move against the protection its alias had when it was made: a plain move of an alias protected
   * with a second approval, an approval by the principal who proposed, or an approval that does not follow its
   * proposal is a record no Lineage writes under that policy: written by an older Lineage, or by hand.
   */
  private void policy() {
    Map<String, Long> approvalSince = new java.util.HashMap<>();
    policies.stream().sorted(Comparator.comparingLong(PolicyDoc::seq)).forEach(p -> p.protections().stream()
        .filter(PolicyDoc.Protection::approval).forEach(x -> approvalSince.putIfAbsent(x.alias(), p.at())));
    Map<String, AliasMoveDoc> byKey = new java.util.HashMap<>();
    moves.forEach(m -> byKey.put(m.storedAt(), m));
    for (AliasMoveDoc m : moves) {
      Long since = approvalSince.get(m.alias());
      if (AliasMoveDoc.APPROVAL.equals(m.kind())) {
        AliasMoveDoc proposal = byKey.get(Keys.aliasMove(m.model(), m.alias(), m.seq() - 1));
        if (proposal != null && (!AliasMoveDoc.PROPOSAL.equals(proposal.kind())
            || proposal.principal().equals(m.principal()) || proposal.to() != m.to())) {
          corrupt(m.storedAt(), "is an approval that does not follow another principal's proposal of the same move");
        }
      } else if (m.kind() == null && since != null && m.at() >= since) {
        corrupt(m.storedAt(), "moved alias '" + m.alias() + "' without the second approval its protection requires "
            + "since " + java.time.Instant.ofEpochMilli(since) + " (written by an older Lineage, or by hand)");
      }
    }
  }

  /**
   * Every checkpoint: numbered from 1 without a gap, each naming its predecessor's checksum and a heads list that
   * exists, and signed by the key it names (whoever holds that key; whether it is the right key is trust()'s).
   */
  private void checkpoints() {
    Documents.Decoded<CheckpointDoc> before = null;
    long highest = checkpoints.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    for (long n = 1; n <= highest; n++) {
      Documents.Decoded<CheckpointDoc> c = checkpoints.get(n);
      String key = Keys.checkpoint(n);
      if (c == null) {
        if (problems.stream().noneMatch(p -> p.key().equals(key))) {
          dangling(key, "checkpoint " + n + " is missing while checkpoint " + highest + " remains (deleted?)");
        }
        before = null;
        continue;
      }
      CheckpointDoc doc = c.doc();
      if (before != null) {
        try {
          Chains.link(doc.storedAt(), doc.prev(), before.doc().storedAt(), before.checksum(), n > 2);
        } catch (CorruptObjectException e) {
          problems.add(StoreProblem.of(doc.storedAt(), Optional.empty(), e));
        }
      }
      if (!headLists.contains(doc.heads())) {
        dangling(doc.heads(), "the heads list checkpoint " + n + " names is missing");
      } else if (!doc.heads().equals(Keys.checkpointHeads(dev.lineage.Digest.parse(doc.headsDigest())))) {
        corrupt(doc.storedAt(), "names heads list " + doc.heads() + " with another digest, " + doc.headsDigest());
      }
      if (!signedBy(doc, publicKeyOf(doc))) {
        corrupt(doc.storedAt(), "its signature does not verify under the key it names (forged or damaged)");
      }
      before = c;
    }
  }

  private static PublicKey publicKeyOf(CheckpointDoc doc) {
    return Ed25519.decodePublic(doc.publicKey()).orElse(null);
  }

  private static boolean signedBy(CheckpointDoc doc, PublicKey key) {
    try {
      return key != null && Ed25519.verify(key, doc.statement(), java.util.Base64.getDecoder().decode(doc.signature()));
    } catch (IllegalArgumentException e) { // not base64
      return false;
    }
  }

  /**
   * Holds the store to the newest checkpoint the trusted key signed: every head it names must hold the checksum it
   * sealed. With the chain checks above, that proves every document behind a head unchanged since it was sealed.
   */
  private void trust() {
    String keyId = Ed25519.keyId(trusted);
    String encoded = java.util.Base64.getEncoder().encodeToString(trusted.getEncoded());
    List<Long> numbers = new ArrayList<>(checkpoints.keySet());
    numbers.sort(Comparator.reverseOrder());
    Set<String> signers = new java.util.TreeSet<>();
    Set<String> reported = new java.util.HashSet<>();
    problems.forEach(p -> reported.add(p.key()));
    boolean claimed = false;
    for (long n : numbers) {
      CheckpointDoc doc = checkpoints.get(n).doc();
      PublicKey named = publicKeyOf(doc);
      signers.add(named == null ? "(unreadable key)" : Ed25519.keyId(named));
      claimed |= doc.publicKey().equals(encoded);
      if (!doc.publicKey().equals(encoded) || !signedBy(doc, trusted)) {
        continue; // another signer's, or forged in this key's name (reported by checkpoints())
      }
      Map<String, String> sealed;
      try {
        sealed = checkpointObjects.heads(doc);
      } catch (StorageException e) {
        problems.add(StoreProblem.of(doc.heads(), Optional.empty(), e));
        continue;
      }
      sealed.forEach((key, checksum) -> {
        Link link = links.get(key);
        String now = link != null ? link.checksum() : entryChecksums.get(key);
        if (now == null && !reported.contains(key)) {
          dangling(key, "sealed by checkpoint " + n + " at " + java.time.Instant.ofEpochMilli(doc.sealedAt())
              + ", and removed since");
        } else if (now != null && !now.equals(checksum)) {
          corrupt(key, "rewritten since checkpoint " + n + " sealed it at " + java.time.Instant.ofEpochMilli(
              doc.sealedAt()) + " (sealed " + checksum + ", now " + now + ")");
        }
      });
      provenBy = new Checkpoint(n, java.time.Instant.ofEpochMilli(doc.sealedAt()), doc.headCount(), keyId,
          checkpoints.get(n).checksum());
      return;
    }
    if (claimed) {
      return; // every checkpoint in this key's name failed its signature: each is reported as corrupt
    }
    throw new InvalidInputException("trust", checkpoints.isEmpty()
        ? "the store holds no checkpoint: seal one first (lineage seal --key FILE, or maintenance().seal(key))"
        : "no checkpoint in the store is validly signed by key " + keyId + "; its " + checkpoints.size()
            + " checkpoint(s) name the key(s) " + signers + ": a wrong key, or checkpoints forged in its name "
            + "(see the problems verify reports without --trust)");
  }

  /** Decodes a document, counting the bytes read. */
  private <T> T decode(String key, Format format, Class<T> type) {
    return decoded(key, format, type).doc();
  }

  private <T> Documents.Decoded<T> decoded(String key, Format format, Class<T> type) {
    Documents.Decoded<T> decoded = scan.decode(key, format, type);
    bytes.add(decoded.length());
    return decoded;
  }

  private void stray(String key, String why) {
    problems.add(new StoreProblem(key, runOf(key), StoreProblem.Kind.STRAY, "object " + key + " is " + why));
  }

  private void dangling(String key, String why) {
    problems.add(new StoreProblem(key, runOf(key), StoreProblem.Kind.DANGLING, why));
  }

  private void corrupt(String key, String why) {
    problems.add(new StoreProblem(key, runOf(key), StoreProblem.Kind.CORRUPT, "object " + key + " is corrupt: " + why));
  }
}
