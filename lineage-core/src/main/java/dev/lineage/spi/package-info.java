/**
 * The storage SPI: a backend implements {@link dev.lineage.spi.StorageBackend} (get, stat, put-if-absent, list,
 * delete, with the guarantees its javadoc numbers) and is found by URI scheme through a
 * {@link dev.lineage.spi.StorageProvider} registered with {@code ServiceLoader}. The conformance suites of
 * {@code lineage-storage-testkit} prove a backend keeps the contract.
 */
package dev.lineage.spi;
