package dev.lineage.registry;

import dev.lineage.Artifact;
import dev.lineage.RunId;
import java.time.Instant;
import java.util.Optional;

/**
 * Version {@code version} (1, 2, 3 … with no gaps) of a named model: an artifact, and the run that made it.
 *
 * @since 0.1.0
 */
public record ModelVersion(String model, int version, Artifact artifact, Optional<RunId> run, String registeredBy,
    Instant registeredAt) {}
