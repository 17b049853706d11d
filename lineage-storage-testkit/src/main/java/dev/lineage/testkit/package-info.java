/**
 * The conformance suites a storage backend extends to prove it keeps the SPI's contract and everything built on
 * it: the object store itself ({@link dev.lineage.testkit.StorageConformanceTest}), tracking, the step cache,
 * queries, record integrity under damage, fault tolerance, maintenance, sealing and the store doctor; and
 * {@link dev.lineage.testkit.FaultInjectingBackend}, which runs any of them with the faults real stores have. For
 * backend authors (SPI stability, docs/compatibility.md).
 */
package dev.lineage.testkit;
