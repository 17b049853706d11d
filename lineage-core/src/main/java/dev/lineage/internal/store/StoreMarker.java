package dev.lineage.internal.store;

/** {@code lineage-store.json}: marks a directory or prefix as a store (version 1 held no fields but the format). */
public record StoreMarker(Long createdAt) {}
