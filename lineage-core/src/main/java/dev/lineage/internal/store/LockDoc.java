package dev.lineage.internal.store;

/**
 * {@code maintenance/locks/{id}.json}: a maintenance job (garbage collection) that is deleting objects. Writers
 * that would reuse stored content wait while one is live; it stops counting at {@code expiresAt}.
 */
public record LockDoc(String id, String purpose, String holder, long createdAt, long expiresAt) implements Bound {
  public LockDoc {
    Check.ulid(id, "id");
    Check.present(purpose, "purpose");
    Check.present(holder, "holder");
  }

  @Override
  public String storedAt() {
    return Keys.lock(id);
  }
}
