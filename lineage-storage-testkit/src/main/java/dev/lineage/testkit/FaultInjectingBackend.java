package dev.lineage.testkit;

import dev.lineage.Digest;
import dev.lineage.StorageException;
import dev.lineage.UnknownOutcomeException;
import dev.lineage.spi.ContentPut;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A backend that injects the faults real storage has, around any other: transient errors, writes whose outcome
 * is unknown (that did land, and that did not), and reads cut short. Scripted ({@link #failNext}) or random
 * ({@link #randomly}); a random fault never hits the same operation on the same key twice in a row, so a caller
 * that retries sensibly always gets through. It records every delete, so a test can assert that nothing stored
 * was removed.
 *
 * @since 0.1.0
 */
public final class FaultInjectingBackend implements StorageBackend {
  /** An operation a fault can hit. */
  public enum Operation {
    /** Reading an object. */
    GET,
    /** Asking for an object's size. */
    STAT,
    /** Writing an object, put-if-absent or overwriting. */
    PUT,
    /** Listing keys under a prefix, each page. */
    LIST,
    /** Deleting an object. */
    DELETE
  }

  /** What goes wrong. */
  public enum Fault {
    /** The operation fails with a {@link StorageException} and does nothing. */
    TRANSIENT,
    /** A put lands, then reports {@link UnknownOutcomeException} (its response was lost). */
    LANDED_THEN_UNKNOWN,
    /** A put reports {@link UnknownOutcomeException} and did not land. */
    UNKNOWN_NOT_LANDED,
    /** A get returns only the first half of the object, then end of stream. */
    TRUNCATED,
    /**
     * The operation throws {@link NoClassDefFoundError}, as code linked against another version of a library
     * does (Spark's parquet on the classpath, say). Scripted only.
     */
    LINKAGE_ERROR
  }

  private record Script(Operation op, Predicate<String> keys, Fault fault, AtomicInteger remaining) {}

  private final StorageBackend delegate;
  private final List<Script> scripts = new CopyOnWriteArrayList<>();
  private final List<String> deletes = new CopyOnWriteArrayList<>();
  private final List<String> lineageDeletes = new CopyOnWriteArrayList<>();
  private final Set<String> justFailed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile double rate;
  private volatile Set<Fault> randomFaults = EnumSet.noneOf(Fault.class);
  private volatile Set<Operation> randomOps = EnumSet.noneOf(Operation.class);
  private Random random = new Random(0);

  /** {@code delegate}, failing only where a test asks (nothing at first). */
  public FaultInjectingBackend(StorageBackend delegate) {
    this.delegate = delegate;
  }

  /** The next {@code times} matching operations fail with {@code fault}. */
  public FaultInjectingBackend failNext(Operation op, Predicate<String> keys, Fault fault, int times) {
    scripts.add(new Script(op, keys, fault, new AtomicInteger(times)));
    return this;
  }

  /**
   * From now on, each get, stat, put and list fails with probability {@code probability}, with one of
   * {@code faults} that fits the operation (deletes are never hit: only maintenance deletes).
   */
  public synchronized FaultInjectingBackend randomly(double probability, long seed, Set<Fault> faults) {
    this.rate = probability;
    this.random = new Random(seed);
    this.randomFaults = EnumSet.copyOf(faults);
    this.randomOps = EnumSet.of(Operation.GET, Operation.STAT, Operation.PUT, Operation.LIST);
    return this;
  }

  /** Drops every scripted fault not yet injected. */
  public FaultInjectingBackend clearScripts() {
    scripts.clear();
    return this;
  }

  /** Turns random faults off (scripted ones still apply). */
  public FaultInjectingBackend healthy() {
    this.rate = 0;
    return this;
  }

  /** Every key deleted through this backend, in order. */
  public List<String> deletes() {
    return Collections.unmodifiableList(new ArrayList<>(deletes));
  }

  /** The keys Lineage itself deleted (not a test through this backend directly), in order. */
  public List<String> deletesByLineage() {
    return Collections.unmodifiableList(new ArrayList<>(lineageDeletes));
  }

  private static boolean calledByLineage() {
    return StackWalker.getInstance().walk(frames -> frames.anyMatch(
        f -> f.getClassName().startsWith("dev.lineage.internal.")));
  }

  /** How many faults were injected so far. */
  public int injected() {
    return injected.get();
  }

  /** The backend faults are injected around. */
  public StorageBackend delegate() {
    return delegate;
  }

  private Optional<Fault> fault(Operation op, String key) {
    for (Script s : scripts) {
      if (s.op() == op && s.keys().test(key) && s.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        injected.incrementAndGet();
        return Optional.of(s.fault());
      }
    }
    if (rate <= 0 || !randomOps.contains(op)) {
      return Optional.empty();
    }
    String id = op + " " + key;
    if (justFailed.remove(id)) {
      return Optional.empty(); // never twice in a row: a retry gets through
    }
    List<Fault> fitting = new ArrayList<>();
    for (Fault f : randomFaults) {
      boolean fits = f == Fault.TRANSIENT || (op == Operation.PUT && f != Fault.TRUNCATED)
          || (op == Operation.GET && f == Fault.TRUNCATED);
      if (fits) {
        fitting.add(f);
      }
    }
    Fault chosen;
    synchronized (this) {
      if (fitting.isEmpty() || random.nextDouble() >= rate) {
        return Optional.empty();
      }
      chosen = fitting.get(random.nextInt(fitting.size()));
    }
    justFailed.add(id);
    injected.incrementAndGet();
    return Optional.of(chosen);
  }

  private static RuntimeException failure(Fault fault, Operation op, String key) {
    if (fault == Fault.LINKAGE_ERROR) {
      throw new NoClassDefFoundError("org/apache/parquet/conf/ParquetConfiguration (injected at " + op + " " + key
          + ")");
    }
    return transientFailure(op, key);
  }

  private static StorageException transientFailure(Operation op, String key) {
    return new StorageException("injected: " + op + " " + key + " failed (connection reset)");
  }

  @Override
  public URI uri() {
    return delegate.uri();
  }

  @Override
  public Optional<InputStream> get(String key) {
    Optional<Fault> f = fault(Operation.GET, key);
    if (f.isPresent() && f.get() != Fault.TRUNCATED) {
      throw failure(f.get(), Operation.GET, key);
    }
    Optional<InputStream> in = delegate.get(key);
    if (f.isPresent() && f.get() == Fault.TRUNCATED && in.isPresent()) {
      try (InputStream whole = in.get()) {
        byte[] bytes = whole.readAllBytes();
        return Optional.of(new ByteArrayInputStream(bytes, 0, bytes.length / 2));
      } catch (IOException e) {
        throw new StorageException("cannot read " + key, e);
      }
    }
    return in;
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Optional<Fault> f = fault(Operation.STAT, key);
    if (f.isPresent()) {
      throw failure(f.get(), Operation.STAT, key);
    }
    return delegate.stat(key);
  }

  @Override
  public PutResult putIfAbsent(String key, Payload payload) {
    Optional<Fault> f = fault(Operation.PUT, key);
    if (f.isEmpty()) {
      return delegate.putIfAbsent(key, payload);
    }
    switch (f.get()) {
      case LANDED_THEN_UNKNOWN:
        delegate.putIfAbsent(key, payload);
        throw new UnknownOutcomeException("injected: PUT " + key + " landed but its response was lost", null);
      case UNKNOWN_NOT_LANDED:
        throw new UnknownOutcomeException("injected: PUT " + key + " timed out before it landed", null);
      default:
        throw failure(f.get(), Operation.PUT, key);
    }
  }

  @Override
  public Optional<ContentPut> putContent(Payload payload, Function<Digest, String> keyOf) {
    return delegate.putContent(payload, keyOf);
  }

  @Override
  public ListPage list(String prefix, String startAfter, int maxKeys) {
    if (fault(Operation.LIST, prefix).isPresent()) {
      throw transientFailure(Operation.LIST, prefix);
    }
    return delegate.list(prefix, startAfter, maxKeys);
  }

  /**
   * A listing fails before its first page (the key a fault is matched against is the prefix) or between two pages,
   * as the request for a later page does (the key is the last one handed over).
   */
  @Override
  public void listPages(String prefix, String startAfter, Consumer<List<ObjectInfo>> pages) {
    if (fault(Operation.LIST, prefix).isPresent()) {
      throw transientFailure(Operation.LIST, prefix);
    }
    delegate.listPages(prefix, startAfter, page -> {
      pages.accept(page);
      String last = page.get(page.size() - 1).key();
      if (fault(Operation.LIST, last).isPresent()) {
        throw transientFailure(Operation.LIST, last);
      }
    });
  }

  @Override
  public boolean delete(String key) {
    if (fault(Operation.DELETE, key).isPresent()) {
      throw transientFailure(Operation.DELETE, key);
    }
    deletes.add(key);
    if (calledByLineage()) {
      lineageDeletes.add(key);
    }
    return delegate.delete(key);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "FaultInjectingBackend[" + delegate + "]";
  }
}
