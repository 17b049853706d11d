/**
 * The filesystem backend: a store in a local or shared folder ({@code file:} URIs and plain paths), the default
 * store. Put-if-absent is a hard link from a fully written temporary file, so several processes on one machine, or
 * on one POSIX shared filesystem, write one store safely (docs/storage-format.md). Opened by URI through
 * {@code Lineage.open}, or as a {@link dev.lineage.storage.fs.FileSystemBackend} given to the builder.
 */
package dev.lineage.storage.fs;
