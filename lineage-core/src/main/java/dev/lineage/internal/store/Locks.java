package dev.lineage.internal.store;

import dev.lineage.StorageException;
import dev.lineage.internal.Ulid;
import dev.lineage.spi.ObjectInfo;
import java.time.Duration;
import java.util.Optional;

/**
 * Maintenance locks: a job that deletes objects (garbage collection) announces itself with one, and writers that
 * would rely on already-stored content wait while one is live (docs/storage-format.md). A lock stops counting at
 * its expiry, so a crashed job never blocks writers for longer than that.
 */
public final class Locks {
  private static final System.Logger LOG = System.getLogger(Locks.class.getName());
  private static final long POLL_MILLIS = 50;
  private final Store store;

  Locks(Store store) {
    this.store = store;
  }

  /** The live lock with the latest expiry, if any; an unreadable lock counts as live until it is an hour old. */
  public Optional<LockDoc> live() {
    long now = store.clock().millis();
    LockDoc latest = null;
    for (ObjectInfo o : store.list(Keys.LOCKS, null)) {
      LockDoc lock;
      try {
        lock = store.requireDocument(o.key(), Format.LOCK, LockDoc.class).doc();
      } catch (StorageException e) {
        String id = o.key().substring(Keys.LOCKS.length()).replace(".json", "");
        long created = Ulid.isValid(id) ? Ulid.timeOf(id) : now;
        lock = new LockDoc(Ulid.isValid(id) ? id : Ulid.floor(created), "unreadable lock " + o.key(), "unknown",
            created, created + Duration.ofHours(1).toMillis());
      }
      if (lock.expiresAt() > now && (latest == null || lock.expiresAt() > latest.expiresAt())) {
        latest = lock;
      }
    }
    return Optional.ofNullable(latest);
  }

  public LockDoc acquire(String purpose, String holder, Duration duration) {
    long now = store.clock().millis();
    LockDoc lock = new LockDoc(Ulid.next(now), purpose, holder, now, now + duration.toMillis());
    store.commit(Keys.lock(lock.id()), Documents.encode(Format.LOCK, lock), false);
    return lock;
  }

  public void release(LockDoc lock) {
    store.delete(Keys.lock(lock.id()));
  }

  /** Returns at once if no lock is live, else waits until none is; true if it waited. */
  public boolean awaitNone() {
    Optional<LockDoc> lock = live();
    if (lock.isEmpty()) {
      return false;
    }
    LOG.log(System.Logger.Level.INFO, "waiting for maintenance (" + lock.get().purpose() + " by "
        + lock.get().holder() + ", until " + java.time.Instant.ofEpochMilli(lock.get().expiresAt()) + ")");
    while (lock.isPresent()) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("interrupted while waiting for maintenance to finish", e);
      }
      lock = live();
    }
    return true;
  }
}
