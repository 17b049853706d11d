package dev.lineage.internal.run;

import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every writer of a Lineage shares.
 *
 * @param timer schedules journal flushes {@code journalLinger} after the first pending event; the flush itself
 *     runs on {@code executor}
 * @param lease how long a run's writers may stay silent before readers call it abandoned; writers publish a
 *     heartbeat batch when idle for a quarter of it
 */
public record WriterContext(
    Store store,
    ArtifactStore artifacts,
    Clock clock,
    Executor executor,
    ScheduledExecutorService timer,
    Path tempDir,
    int metricBufferPoints,
    Duration journalLinger,
    Duration lease) {}
