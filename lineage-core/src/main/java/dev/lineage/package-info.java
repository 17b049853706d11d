/**
 * Lineage's API: open a store ({@link dev.lineage.Lineage}), record runs ({@link dev.lineage.Run},
 * {@link dev.lineage.RunWriter}) with their params, metrics, artifacts and status, and read them back
 * ({@link dev.lineage.RunRecord}). Every exception is a {@link dev.lineage.LineageException}; the subpackages hold
 * the step cache, the lineage queries, the model registry and maintenance, and {@code dev.lineage.spi} the storage
 * backends' contract.
 */
package dev.lineage;
