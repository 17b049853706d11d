package dev.lineage.internal.run;

import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.spi.StorageBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;

/** What every writer of a Lineage shares. */
public record WriterContext(
    StorageBackend backend,
    ArtifactStore artifacts,
    Clock clock,
    Executor executor,
    Path tempDir,
    int metricBufferPoints) {}
