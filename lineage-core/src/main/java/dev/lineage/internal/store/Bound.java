package dev.lineage.internal.store;

/**
 * A document whose checksummed body says which object it is: its run, writer and sequence number, its model and
 * version, its step and key. {@link Documents#decode} refuses one read from any other key, so a valid document
 * copied or moved into another object's place is a {@link dev.lineage.CorruptObjectException} for that object, never
 * read as that object's truth (docs/storage-format.md, "Identity").
 */
interface Bound {
  /** The one key this document may be read from. */
  String storedAt();
}
