package dev.lineage.internal.store;

/**
 * {@code runs/{group}/{runId}.json}: a run's start.
 *
 * @param leaseMillis how long the run's writers may stay silent before readers call it abandoned (absent in
 *     version 1, whose writers promised nothing: readers apply the default lease)
 */
public record RunStartDoc(String runId, String name, String parent, long startedAt, FingerprintDoc fingerprint,
    Long leaseMillis, String reproduces) implements Bound {
  /** A start written before runs recorded what they reproduce. */
  public RunStartDoc(String runId, String name, String parent, long startedAt, FingerprintDoc fingerprint,
      Long leaseMillis) {
    this(runId, name, parent, startedAt, fingerprint, leaseMillis, null);
  }

  public RunStartDoc {
    Check.optionalUlid(reproduces, "reproduces");
    Check.ulid(runId, "runId");
    Check.present(name, "name");
    Check.optionalUlid(parent, "parent");
    Check.present(fingerprint, "fingerprint");
    if (leaseMillis != null && leaseMillis <= 0) {
      throw new IllegalArgumentException("leaseMillis must be positive");
    }
  }

  @Override
  public String storedAt() {
    return Keys.runStart(dev.lineage.RunId.of(runId));
  }
}
