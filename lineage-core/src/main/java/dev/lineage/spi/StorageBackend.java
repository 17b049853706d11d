package dev.lineage.spi;

import dev.lineage.Digest;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A flat store of immutable objects: everything Lineage persists goes through these five operations (and
 * {@link #putContent}, which a backend may offer to store large content reading it once).
 *
 * <p>Every implementation must keep these guarantees; {@code StorageConformanceTest} in
 * {@code lineage-storage-testkit} proves them for each backend.
 *
 * <ol>
 *   <li><b>Atomic visibility.</b> An object is either absent or present with its complete content. No reader
 *       ever sees a partial object, from {@link #get}, {@link #stat} or {@link #list}.
 *   <li><b>Mutual exclusion.</b> Of any number of concurrent {@link #putIfAbsent} calls on one key, in any
 *       number of threads or processes, exactly one returns {@link PutResult#CREATED}; the others return
 *       {@link PutResult#ALREADY_EXISTS} and the stored content is the winner's, unchanged.
 *   <li><b>Consistent listing.</b> Once {@code putIfAbsent} has returned, {@link #list} and {@link #get} in any
 *       process see the object; once {@link #delete} has returned, they do not.
 *   <li><b>No overwrite.</b> No operation replaces an existing object's content.
 * </ol>
 *
 * <p>Keys follow {@link StorageKeys}; a backend rejects any other key with
 * {@link dev.lineage.InvalidInputException} before touching storage. Failures are reported as
 * {@link dev.lineage.StorageException}, which says the operation did not happen (a write did not land); a write the
 * storage refused for a reason a retry cannot change (permission, a read-only file system, no space) as its kind
 * {@link dev.lineage.WriteRefusedException}, which is not retried; a write whose outcome cannot be determined as
 * {@link dev.lineage.UnknownOutcomeException}, never guessed. Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface StorageBackend extends AutoCloseable {

  /** Where this backend stores, as the URI it was opened with. */
  URI uri();

  /**
   * Opens the object's content as a stream, or empty if there is no such object. The stream is not
   * buffered in the heap as a whole; the caller must close it.
   */
  Optional<InputStream> get(String key);

  /** The object's size, or empty if there is no such object. */
  Optional<ObjectInfo> stat(String key);

  /**
   * The local file that holds the object's bytes, where this backend keeps objects as files it never rewrites in
   * place, so that a reader on the same file system may hard-link it instead of copying it; empty otherwise (the
   * default). Nothing may ever be written through it: Lineage links only files without write permission, and only
   * in a process that such a permission stops (docs/step-cache.md, "Restores").
   */
  default Optional<java.nio.file.Path> localFile(String key) {
    return Optional.empty();
  }

  /**
   * Stores {@code payload} under {@code key} unless an object already exists there. Atomic and exclusive
   * as described above; content is streamed from {@link Payload#open()}, never held in the heap whole.
   */
  PutResult putIfAbsent(String key, Payload payload);

  /**
   * Stores content under the key {@code keyOf} names from its SHA-256 digest, reading the payload once: the
   * digest is computed while the content streams to a staging place, and the content is then placed under its
   * key without being read from the payload again (unless an object is there already). Same guarantees as
   * {@link #putIfAbsent}; a staged copy is never visible under the final key before it is complete.
   *
   * <p>Returns empty when this backend does not stage such a payload (the default): the caller then hashes the
   * payload first and calls {@link #putIfAbsent}, which also lets it skip content the store already has
   * without sending it. A backend overrides this where reading twice costs more than an occasional upload of
   * content that turns out to exist: S3 does for payloads large enough to go up in parts.
   */
  default Optional<ContentPut> putContent(Payload payload, Function<Digest, String> keyOf) {
    return Optional.empty();
  }

  /**
   * Lists objects whose keys start with {@code prefix}, in ascending key order, at most {@code maxKeys} of
   * them, starting after {@code startAfter} (exclusive; null for the first page).
   */
  ListPage list(String prefix, String startAfter, int maxKeys);

  /** Deletes the object; returns whether it existed. Deleting a missing key is not an error. */
  boolean delete(String key);

  /** Every object under {@code prefix}, in key order. */
  default List<ObjectInfo> listAll(String prefix) {
    return listAll(prefix, null);
  }

  /** Every object under {@code prefix} after {@code startAfter} (exclusive; null for all), in key order. */
  default List<ObjectInfo> listAll(String prefix, String startAfter) {
    List<ObjectInfo> all = new ArrayList<>();
    listPages(prefix, startAfter, all::addAll);
    return all;
  }

  /**
   * Hands every object under {@code prefix} after {@code startAfter} (exclusive; null for all) to {@code pages}
   * in key order, a page at a time as it is listed, so that a caller can work on the first objects while the
   * rest are being listed. Pages are handed over one after another on the calling thread and are never empty;
   * the consumer may keep them. An exception thrown by {@code pages} ends the listing and reaches the caller as
   * it is. The default reads page by page with {@link #list}; a backend that can list in one pass overrides it.
   */
  default void listPages(String prefix, String startAfter, Consumer<List<ObjectInfo>> pages) {
    String after = startAfter;
    while (true) {
      ListPage page = list(prefix, after, 1000);
      if (!page.objects().isEmpty()) {
        pages.accept(page.objects());
      }
      if (page.nextStartAfter().isEmpty()) {
        return;
      }
      after = page.nextStartAfter().get();
    }
  }

  /** Releases the backend's threads, connections and files. Does not delete anything. */
  @Override
  void close();
}
