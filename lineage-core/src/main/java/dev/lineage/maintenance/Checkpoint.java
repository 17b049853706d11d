package dev.lineage.maintenance;

import java.time.Instant;

/**
 * A signed checkpoint: the head of every chain in the store at {@link #sealedAt}, signed with an Ed25519 key kept
 * outside the store (docs/audit.md). Keep {@link #number} and {@link #checksum} somewhere the bucket's writers
 * cannot reach (a ticket, a release note, a log): with them, even deleting the newest checkpoints shows.
 *
 * @param number the checkpoint's number, from 1, each sealing everything the one before it sealed
 * @param sealedAt when it was sealed, by the sealer's clock
 * @param heads how many chain heads it names
 * @param keyId {@code sha256:} and the hex SHA-256 of the signer's public key (X.509 encoding)
 * @param checksum the checksum of the checkpoint document ({@code sha256:} and hex)
 *
 * @since 0.1.0
 */
@dev.lineage.Experimental
public record Checkpoint(long number, Instant sealedAt, long heads, String keyId, String checksum) {}
