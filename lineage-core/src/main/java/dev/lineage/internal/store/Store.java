package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;
import dev.lineage.InvalidInputException;
import dev.lineage.NotFoundException;
import dev.lineage.StorageException;
import dev.lineage.UnknownOutcomeException;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.RetryBudget;
import dev.lineage.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one typed layer over a {@link StorageBackend}: it alone knows the key layout ({@link Keys}), encodes and
 * decodes documents ({@link Documents}, checksums and versions checked on every read) and commits objects
 * (sealed bytes, re-offered unchanged until the outcome is known; docs/storage-format.md). Everything else in
 * Lineage goes through its typed areas: {@link #runs()}, {@link #blobs()}, {@link #steps()},
 * {@link #registry()}, {@link #index()} and {@link #locks()}.
 */
public final class Store implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Store.class.getName());
  private final java.util.concurrent.atomic.AtomicBoolean nonAtomicWarned = new java.util.concurrent.atomic.AtomicBoolean();
  private final StorageBackend backend;
  private final Clock clock;
  private final RunObjects runs;
  private final BlobObjects blobs;
  private final StepEntries steps;
  private final RegistryObjects registry;
  private final IndexObjects index;
  private final Locks locks;
  private final Checkpoints checkpoints;
  private final Probes probes;
  private final ObjectScan scan;
  private final boolean readOnly;
  private final Retry retry;

  private Store(StorageBackend backend, Clock clock, boolean readOnly, Duration retryBudget) {
    this.readOnly = readOnly;
    this.retry = new Retry(retryBudget, clock);
    this.backend = readOnly ? new ReadOnlyBackend(backend) : backend;
    this.clock = clock;
    this.runs = new RunObjects(this);
    this.blobs = new BlobObjects(this);
    this.steps = new StepEntries(this);
    this.registry = new RegistryObjects(this);
    this.index = new IndexObjects(this);
    this.checkpoints = new Checkpoints(this);
    this.probes = new Probes(this);
    this.locks = new Locks(this);
    this.scan = new ObjectScan(this);
  }

  /**
   * Opens a store over {@code backend}: an existing store whose marker this version reads, or an empty place,
   * which becomes a store. Anything else (a folder of someone's files) is refused, and nothing is written to it.
   */
  public static Store open(StorageBackend backend, Clock clock) {
    return open(backend, clock, true);
  }

  /** Like {@link #open(StorageBackend, Clock)}; with {@code create} false an empty place is refused, unchanged. */
  public static Store open(StorageBackend backend, Clock clock, boolean create) {
    return open(backend, clock, create, RetryBudget.DEFAULT);
  }

  /**
   * Like {@link #open(StorageBackend, Clock, boolean)}, each operation retrying for at most {@code retryBudget}
   * after its first failure ({@link RetryBudget}).
   */
  public static Store open(StorageBackend backend, Clock clock, boolean create, Duration retryBudget) {
    Store store = new Store(backend, clock, false, retryBudget);
    store.checkMarker(create);
    return store;
  }

  /**
   * Opens an existing store to read only: an empty place is refused, and every write through this store (a
   * commit, a put, a delete, a quarantine move) is refused with {@link InvalidInputException} before it reaches
   * the backend.
   */
  public static Store openReadOnly(StorageBackend backend, Clock clock) {
    return openReadOnly(backend, clock, RetryBudget.DEFAULT);
  }

  /** Like {@link #openReadOnly(StorageBackend, Clock)}, with the operations' {@link RetryBudget}. */
  public static Store openReadOnly(StorageBackend backend, Clock clock, Duration retryBudget) {
    Store store = new Store(backend, clock, true, retryBudget);
    store.checkMarker(false);
    return store;
  }

  /** Whether every write is refused ({@link #openReadOnly}): readers then leave what they find as it is. */
  public boolean readOnly() {
    return readOnly;
  }

  /**
   * Refuses {@code what} up front on a read-only store, for an operation that may find nothing to write: it is
   * refused whatever the store holds, not only when it would have written.
   */
  public void requireWritable(String what) {
    if (readOnly) {
      throw ReadOnlyBackend.refused(what);
    }
  }

  private void checkMarker(boolean create) {
    Optional<byte[]> marker = read(Keys.MARKER);
    if (marker.isEmpty()) {
      ListPage first = retry.run(() -> backend.list("", null, 2));
      Optional<ObjectInfo> foreign = first.objects().stream().filter(o -> !o.key().equals(Keys.MARKER)).findFirst();
      if (foreign.isPresent()) {
        throw new InvalidInputException("store", backend.uri() + " is not a Lineage store: it holds objects (such as "
            + foreign.get().key() + ") but no " + Keys.MARKER + "; open an empty location or an existing store");
      }
      if (!create) {
        throw new NotFoundException("there is no Lineage store at " + backend.uri()
            + " (nothing has been recorded there yet)");
      }
      byte[] ours = Documents.encode(Format.STORE, new StoreMarker(clock.millis()));
      Committed c = commit(Keys.MARKER, ours, false);
      if (c.ours()) {
        floor = Format.STORE.current;
        return;
      }
      marker = Optional.of(c.existing()); // another process created the store at the same moment
    }
    floor = Documents.decode(Keys.MARKER, marker.get(), Format.STORE, StoreMarker.class).version();
  }

  /**
   * The lowest document version this store accepts: a store whose marker is version 2 was made by a Lineage that
   * writes every document with a checksum, so a version-1 document in it (no checksum, which anyone can write) is a
   * downgrade, not a record. A store made by version 1 keeps its version-1 documents readable.
   */
  private volatile int floor = 1;

  public URI uri() {
    return backend.uri();
  }

  public Clock clock() {
    return clock;
  }

  public RunObjects runs() {
    return runs;
  }

  public BlobObjects blobs() {
    return blobs;
  }

  public StepEntries steps() {
    return steps;
  }

  public RegistryObjects registry() {
    return registry;
  }

  public Probes probes() {
    return probes;
  }

  public Checkpoints checkpoints() {
    return checkpoints;
  }

  public IndexObjects index() {
    return index;
  }

  public Locks locks() {
    return locks;
  }

  /** Every object as it is, for maintenance. */
  public ObjectScan scan() {
    return scan;
  }

  /** The retry every operation of this store goes through, with its budget. */
  Retry retry() {
    return retry;
  }

  StorageBackend backend() {
    return backend;
  }

  // ---- primitives shared by the areas ----

  /** The object's bytes, or empty if there is none; a read that fails for a passing reason is retried. */
  Optional<byte[]> read(String key) {
    return retry.run(() -> backend.get(key).map(in -> readAll(key, in)));
  }

  private static byte[] readAll(String key, InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * The document under {@code key}, decoded and verified. A document that fails its checksum or does not parse
   * is read again (a short read is not corruption) before it is reported corrupt.
   */
  <T> Optional<Documents.Decoded<T>> readDocument(String key, Format format, Class<T> type) {
    CorruptObjectException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Optional<byte[]> bytes = read(key);
      if (bytes.isEmpty()) {
        if (last != null) {
          throw last;
        }
        return Optional.empty();
      }
      try {
        Documents.Decoded<T> decoded = Documents.decode(key, bytes.get(), format, type);
        if (decoded.checksum() == null && floor >= Format.STORE.checksummedFrom) {
          throw new CorruptObjectException(key, "is a version-" + decoded.version() + " document, without a "
              + "checksum, in a store made with checksums (version " + floor + "): a downgrade, not a record");
        }
        return Optional.of(decoded);
      } catch (CorruptObjectException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * The bytes of an object another names by its SHA-256 ({@code digest}, {@code sha256:} and hex; null: not
   * named by digest). Bytes that do not match are read again (a short read is not damage) before they are reported.
   * Throws {@link CorruptObjectException} on {@code key}, saying "{@code named}" when the object is missing and that
   * its content does not match "the digest {@code namer} names" when it never matches.
   */
  byte[] readNamed(String key, String digest, String named, String namer) {
    for (int attempt = 1; ; attempt++) {
      byte[] bytes = read(key).orElseThrow(() -> new CorruptObjectException(key, named));
      if (digest == null || Sha256.of(bytes).toString().equals(digest)) {
        return bytes;
      }
      if (attempt == 3) {
        throw new CorruptObjectException(key, "its content does not match the digest " + namer + " names ("
            + digest + ")");
      }
    }
  }

  /** Like {@link #readDocument}, for an object that must exist because another names it or a listing showed it. */
  <T> Documents.Decoded<T> requireDocument(String key, Format format, Class<T> type) {
    return readDocument(key, format, type).orElseThrow(() -> new CorruptObjectException(key, "is missing"));
  }

  /**
   * Commits sealed bytes: put-if-absent, retried with the same bytes while the outcome is unknown or the failure
   * may pass. A key that already holds exactly these bytes is our own earlier attempt. With {@code readBack},
   * a created object is read back and compared, so that on a storage service whose conditional write is not
   * atomic, an overwrite by a racing writer makes the key {@link Committed.Kind#TAKEN}, never ours.
   */
  Committed commit(String key, byte[] bytes, boolean readBack) {
    return retry.within(budget -> commit(key, bytes, readBack, budget));
  }

  private Committed commit(String key, byte[] bytes, boolean readBack, RetryBudget budget) {
    RuntimeException last = null;
    boolean mayHaveLanded = false;
    int attempts = 0;
    while (attempts < Retry.ATTEMPTS && (attempts == 0 || !budget.exhausted())) {
      if (attempts > 0) {
        Retry.pause(attempts + 1, budget);
      }
      attempts++;
      long started = budget.now();
      try {
        PutResult put = backend.putIfAbsent(key, Payload.of(bytes));
        mayHaveLanded = true; // the key holds an object now; a failure below is in reading it back
        Optional<byte[]> stored = put == PutResult.CREATED && !readBack ? Optional.of(bytes) : readBack(key, bytes);
        if (stored.isEmpty()) {
          throw new StorageException("object " + key + " is not readable right after it was put");
        }
        boolean same = Arrays.equals(stored.get(), bytes);
        if (put == PutResult.CREATED && !same) {
          // Told CREATED, yet another writer's bytes hold the key: the service's conditional put is not atomic.
          // The key is taken, never acknowledged as ours (docs/s3.md).
          if (nonAtomicWarned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "object " + key + " was overwritten by another writer right after "
                + "this one created it: the storage service under " + backend.uri() + " does not make put-if-absent "
                + "atomic; Lineage detects overwrites that land before its read-back, not those after (docs/s3.md)");
          }
          return new Committed(Committed.Kind.TAKEN, stored.get());
        }
        if (put == PutResult.CREATED) {
          return Committed.CREATED;
        }
        return same ? Committed.OURS : new Committed(Committed.Kind.TAKEN, stored.get());
      } catch (RuntimeException e) {
        if (!Retry.transientFailure(e)) {
          throw e;
        }
        budget.failed(started);
        mayHaveLanded |= e instanceof UnknownOutcomeException;
        last = e;
      }
    }
    if (last instanceof UnknownOutcomeException) {
      throw last;
    }
    if (mayHaveLanded) {
      throw new UnknownOutcomeException("committing " + key + " failed " + tried(attempts, budget) + "; an attempt may "
          + "have landed, and it is offered again unchanged by the next attempt: " + last.getMessage(), last);
    }
    // Every attempt's put failed and none may have landed (a backend reports that as UnknownOutcomeException).
    throw new StorageException("committing " + key + " failed " + tried(attempts, budget) + " and did not land; it is "
        + "offered again unchanged by the next attempt: " + last.getMessage(), last);
  }

  private static String tried(int attempts, RetryBudget budget) {
    return attempts + (attempts == 1 ? " time" : " times") + (budget.exhausted() ? " in its retry budget of "
        + budget.budget().toSeconds() + " s" : "");
  }

  /**
   * Reads a committed object back. Bytes other than ours are read again until two reads agree: the object is
   * immutable once created, so reads that differ include a short one, which is not another writer's object.
   */
  private Optional<byte[]> readBack(String key, byte[] ours) {
    Optional<byte[]> first = read(key);
    for (int reads = 1; reads < READ_BACKS && first.isPresent() && !Arrays.equals(first.get(), ours); reads++) {
      Optional<byte[]> again = read(key);
      if (again.isEmpty() || Arrays.equals(again.get(), first.get()) || Arrays.equals(again.get(), ours)) {
        return again;
      }
      first = again;
    }
    return first;
  }

  /** Reads of a read-back that may disagree before one is believed. */
  private static final int READ_BACKS = 4;

  /** Every object under {@code prefix} after {@code startAfter} (null for all), in key order. */
  List<ObjectInfo> list(String prefix, String startAfter) {
    List<ObjectInfo> all = new ArrayList<>();
    listPages(prefix, startAfter, all::addAll);
    return all;
  }

  /**
   * Every object under {@code prefix} after {@code startAfter} (null for all) in key order, handed to
   * {@code pages} a page at a time as it is listed. A listing that fails for a reason that may pass resumes after
   * the last object handed over, so none is handed over twice and none listed again.
   */
  void listPages(String prefix, String startAfter, Consumer<List<ObjectInfo>> pages) {
    String[] last = {startAfter};
    retry.run(() -> {
      backend.listPages(prefix, last[0], page -> {
        pages.accept(page);
        last[0] = page.get(page.size() - 1).key();
      });
      return null;
    });
  }

  Optional<ObjectInfo> stat(String key) {
    return retry.run(() -> backend.stat(key));
  }

  /** Deletes an object: called only by maintenance, by an explicit invalidation, or to finish a quarantine move. */
  boolean delete(String key) {
    return retry.run(() -> backend.delete(key));
  }

  @Override
  public void close() {
    backend.close();
  }
}
