package dev.lineage.internal.maintenance;

import dev.lineage.InvalidInputException;
import dev.lineage.internal.store.Store;
import dev.lineage.maintenance.DoctorReport;
import dev.lineage.maintenance.GcOptions;
import dev.lineage.maintenance.GcReport;
import dev.lineage.maintenance.Maintenance;
import dev.lineage.maintenance.Progress;
import dev.lineage.maintenance.SealReport;
import dev.lineage.maintenance.VerifyReport;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/** Verification and garbage collection over the store layer. */
public final class DefaultMaintenance implements Maintenance {
  private final Store store;
  private final Clock clock;
  private final String principal;
  private final Duration defaultLease;
  private final Executor executor;
  private final Path tempDir;
  /** Whether the store was opened from its URI, so that another process can open it the same way. */
  private final boolean reopenable;

  public DefaultMaintenance(Store store, Clock clock, String principal, Duration defaultLease, Executor executor,
      Path tempDir, boolean reopenable) {
    this.tempDir = tempDir;
    this.reopenable = reopenable;
    this.store = store;
    this.clock = clock;
    this.principal = principal;
    this.defaultLease = defaultLease;
    this.executor = executor;
  }

  @Override
  public VerifyReport verify(Progress progress) {
    return new StoreVerifier(store.scan(), store.checkpoints(), clock, executor, null)
        .verify(progress == null ? Progress.NONE : progress);
  }

  @Override
  public VerifyReport verify(PublicKey trusted, Progress progress) {
    if (trusted == null) {
      throw new InvalidInputException("trusted", "must not be null: the public key checkpoints are held to");
    }
    if (!"Ed25519".equals(trusted.getAlgorithm()) && !"EdDSA".equals(trusted.getAlgorithm())) {
      throw new InvalidInputException("trusted", "must be an Ed25519 public key, was " + trusted.getAlgorithm());
    }
    return new StoreVerifier(store.scan(), store.checkpoints(), clock, executor, trusted)
        .verify(progress == null ? Progress.NONE : progress);
  }

  @Override
  public DoctorReport doctor(Progress progress) {
    store.requireWritable("the store doctor, which writes probe objects of its own");
    StoreDoctor doctor = new StoreDoctor(store.probes(), store.uri(), reopenable, clock, tempDir);
    try {
      return doctor.examine(progress == null ? Progress.NONE : progress);
    } finally {
      doctor.discardQuietly();
    }
  }

  @Override
  public SealReport seal(PrivateKey key, Progress progress) {
    if (key == null) {
      throw new InvalidInputException("key", "must not be null: the Ed25519 private key that signs the checkpoint");
    }
    return new Sealer(store, clock, executor).seal(key, progress == null ? Progress.NONE : progress);
  }

  @Override
  public GcReport gc(GcOptions options, Progress progress) {
    if (options != null && !options.dryRun()) {
      store.requireWritable("garbage collection that deletes");
    }
    return new GarbageCollector(store.scan(), store.locks(), clock, principal, defaultLease)
        .collect(options, progress == null ? Progress.NONE : progress);
  }
}
