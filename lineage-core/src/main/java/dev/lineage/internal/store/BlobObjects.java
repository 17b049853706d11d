package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.NotFoundException;
import dev.lineage.StorageException;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.spi.ContentPut;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Content-addressed blobs. Reads are verified against the digest their key names. A blob is moved to
 * {@code quarantine/} only once a mismatch is proven (the whole stored object was read and is other content); a
 * short or failed read proves nothing and changes nothing. The move keeps the bad bytes, and frees the key so
 * the true content can be stored again; only maintenance deletes what quarantine holds.
 */
public final class BlobObjects {
  private static final System.Logger LOG = System.getLogger(BlobObjects.class.getName());
  private final Store store;

  BlobObjects(Store store) {
    this.store = store;
  }

  public boolean exists(Digest digest) {
    return store.stat(Keys.blob(digest)).isPresent();
  }

  /** The local file that holds the blob, where the backend keeps one (see {@code StorageBackend.localFile}). */
  public Optional<java.nio.file.Path> localFile(Digest digest) {
    return store.backend().localFile(Keys.blob(digest));
  }

  /**
   * Whether the blob serves now: opened and its first byte read, after the store's retries. A stat says that it
   * exists, not that it can be read.
   */
  public boolean readable(Digest digest) {
    String key = Keys.blob(digest);
    try {
      Optional<InputStream> in = store.retry().run(() -> store.backend().get(key));
      if (in.isEmpty()) {
        return false;
      }
      try (InputStream stream = in.get()) {
        stream.read();
      }
      return true;
    } catch (dev.lineage.LineageException | java.io.IOException | java.io.UncheckedIOException unreadable) {
      return false;
    }
  }

  /** Called before a writer relies on content that is already stored (docs/storage-format.md, garbage collection). */
  @FunctionalInterface
  public interface ReuseGuard {
    /** Returns true if it had to wait for maintenance, after which the blob must be looked up again. */
    boolean beforeReuse();
  }

  /**
   * Stores {@code payload} under its digest unless the store has it. A payload that fails its own verification
   * (the file changed while it was stored) publishes nothing and is an {@link InvalidInputException}.
   */
  public void put(Digest digest, Payload payload, ReuseGuard guard) {
    String key = Keys.blob(digest);
    if (reusable(digest, guard)) {
      return;
    }
    try {
      store.retry().run(() -> store.backend().putIfAbsent(key, payload));
    } catch (StorageException e) {
      if (e.getCause() instanceof VerifyingInputStream.ContentMismatchException) {
        throw new InvalidInputException("artifact path", "changed while it was being stored: "
            + e.getCause().getMessage());
      }
      throw e;
    }
  }

  /** Stores a class path manifest (once: the same class path is the same blob) and returns it as an artifact. */
  public dev.lineage.Artifact putClasspath(ClasspathDoc doc, ReuseGuard guard) {
    byte[] encoded = Documents.encode(Format.CLASSPATH, doc);
    Digest digest = Sha256.of(encoded);
    put(digest, Payload.of(encoded), guard);
    return new dev.lineage.Artifact(digest, dev.lineage.ArtifactKind.FILE, encoded.length,
        Optional.of(CLASSPATH_NAME));
  }

  /** The class path manifest in blob {@code digest}, verified, its format and version checked. */
  public ClasspathDoc readClasspath(Digest digest) {
    return ClasspathDoc.decode(digest, read(digest));
  }

  /** The name a class path manifest is recorded under. */
  public static final String CLASSPATH_NAME = "classpath.json";

  /** Whether the blob is stored and may be relied on: asked of {@code guard} first, and looked up again if it waited. */
  public boolean reusable(Digest digest, ReuseGuard guard) {
    String key = Keys.blob(digest);
    return store.stat(key).isPresent() && (!guard.beforeReuse() || store.stat(key).isPresent());
  }

  /** Offers a large new payload to the backend to stage and hash in one read; empty if it does not. */
  public Optional<ContentPut> putContent(Payload payload) {
    return store.backend().putContent(payload, Keys::blob);
  }

  /** The blob's content, verified as it is read: at its end, a mismatch is a {@link CorruptObjectException}. */
  public InputStream open(Digest digest, long size) {
    String key = Keys.blob(digest);
    InputStream raw = store.retry().run(() -> store.backend().get(key))
        .orElseThrow(() -> new NotFoundException("no stored content for " + digest + " (" + key + ")"));
    return new BlobInputStream(raw, digest, size, this, () -> store.retry().run(() -> store.backend().get(key)));
  }

  /** A small blob's bytes (a directory manifest), verified; read again once before a mismatch counts. */
  public byte[] read(Digest digest) {
    String key = Keys.blob(digest);
    for (int attempt = 1; ; attempt++) {
      byte[] bytes = store.read(key)
          .orElseThrow(() -> new NotFoundException("no stored content for " + digest + " (" + key + ")"));
      Digest actual = Sha256.of(bytes);
      if (actual.equals(digest)) {
        return bytes;
      }
      if (attempt == 2) {
        throw mismatch(digest, -1, actual, bytes.length);
      }
    }
  }

  /**
   * The exception for a read of {@code expected} that gave other content. The mismatch is proven only if the
   * read covered the whole stored object and reading it again gives the same other content: then the blob is
   * quarantined and the answer is a {@link CorruptObjectException}. Otherwise the read was short or garbled in
   * transit, nothing is moved, and the answer is a plain {@link StorageException}.
   */
  StorageException mismatch(Digest expected, long expectedSize, Digest actual, long bytesRead) {
    String key = Keys.blob(expected);
    Optional<Sha256.Hashed> again;
    try {
      Optional<ObjectInfo> stored = store.stat(key);
      if (stored.isEmpty() || stored.get().size() != bytesRead) {
        return new StorageException("reading " + key + " gave " + bytesRead + " bytes of other content, not the "
            + (stored.isEmpty() ? "object (which is gone now)" : "whole object of " + stored.get().size() + " bytes")
            + "; nothing was changed");
      }
      again = Optional.empty();
      for (int attempt = 0; attempt < 3 && again.isEmpty(); attempt++) {
        again = store.scan().hash(key).filter(h -> h.bytes() == bytesRead); // a short read proves nothing
      }
    } catch (StorageException e) {
      return new StorageException("reading " + key + " gave other content, and it could not be checked again", e);
    }
    if (again.isEmpty() || !again.get().digest().equals(actual) || again.get().bytes() != bytesRead) {
      return new StorageException("reading " + key + " gave other content once, but not again: a read garbled in "
          + "transit, not a corrupt object; nothing was changed");
    }
    boolean moved = !store.readOnly() && quarantine(expected, actual, bytesRead);
    return new CorruptObjectException(key, "holds " + bytesRead + " bytes with digest " + actual + ", not "
        + (expectedSize >= 0 ? expectedSize + " bytes with " : "") + "digest " + expected
        + (moved ? "; moved to " + Keys.quarantine(expected, actual) : ""));
  }

  /**
   * Moves a blob proven corrupt: claims the move (put once, with the commit discipline), copies the bad bytes to
   * their quarantine key, and only then deletes the blob. One mover per corruption: a second reader of the same
   * bad bytes finds the claim taken and deletes nothing, so a blob stored again in between is never removed.
   */
  private boolean quarantine(Digest expected, Digest actual, long size) {
    String key = Keys.blob(expected);
    String target = Keys.quarantine(expected, actual);
    Payload copy = new Payload() {
      @Override
      public long length() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        InputStream in = store.backend().get(key).orElseThrow(() -> new IOException(key + " is gone"));
        return new VerifyingInputStream(in, actual, size, key);
      }
    };
    try {
      long now = store.clock().millis();
      QuarantineDoc claim = new QuarantineDoc(expected.hex(), actual.hex(), size, dev.lineage.internal.Ulid.next(now),
          now);
      if (!store.commit(Keys.quarantineClaim(expected, actual), Documents.encode(Format.QUARANTINE, claim), false)
          .ours()) {
        return false;
      }
      store.retry().run(() -> store.backend().putIfAbsent(target, copy));
      store.delete(key);
      LOG.log(System.Logger.Level.WARNING, "blob " + key + " held other content (" + actual + "); moved it to "
          + target + " so the true content can be stored again");
      return true;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not quarantine corrupt blob " + key + "; left in place", e);
      return false;
    }
  }
}
