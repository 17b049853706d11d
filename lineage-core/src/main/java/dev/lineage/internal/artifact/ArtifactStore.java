package dev.lineage.internal.artifact;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.CorruptObjectException;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import dev.lineage.internal.Locations;
import dev.lineage.internal.Names;
import dev.lineage.internal.hash.DirectoryManifest;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.internal.hash.Trees;
import dev.lineage.internal.store.BlobObjects;
import dev.lineage.internal.store.Keys;
import dev.lineage.internal.store.VerifyingInputStream;
import dev.lineage.spi.ContentPut;
import dev.lineage.spi.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Stores files and directories as content-addressed blobs and restores them.
 *
 * <p>Symlink policy: the path a caller names is followed. Inside a directory, a link to a regular file is
 * stored as that file's content; a link to a directory, or a broken link, is rejected, because following it
 * could loop or leave the tree, and silently skipping it would record a different tree than the user sees.
 */
public final class ArtifactStore {
  private final BlobObjects blobs;
  private final HashCache hashes;
  /** Directory manifests, the blobs Lineage itself reads back, weighed by entry count (about 64 MiB at most). */
  private final Cache<Digest, DirectoryManifest> manifests = Caffeine.newBuilder().executor(Runnable::run)
      .maximumWeight(500_000).weigher((Digest d, DirectoryManifest m) -> 1 + m.entries().size()).build();

  private final BlobLinks links;

  public ArtifactStore(BlobObjects blobs, HashCache hashes) {
    this(blobs, hashes, null);
  }

  /** {@code permissionsBind}: whether read-only files are safe from this process; null to find out (not root). */
  ArtifactStore(BlobObjects blobs, HashCache hashes, Boolean permissionsBind) {
    this.blobs = blobs;
    this.hashes = hashes;
    this.links = new BlobLinks(blobs, hashes, permissionsBind);
  }

  /**
   * Hashes {@code path} and stores whatever content the store does not have yet; {@code guard} is asked before
   * content already stored is relied on.
   */
  public Artifact store(Path path, String name, BlobObjects.ReuseGuard guard) {
    Optional<String> logicalName = Optional.ofNullable(name).map(n -> Names.checkName("artifact name", n));
    if (path == null) {
      throw new InvalidInputException("artifact path", "must not be null");
    }
    if (!Files.exists(path)) {
      throw new InvalidInputException("artifact path", "does not exist: " + path);
    }
    try {
      if (Files.isDirectory(path)) {
        DirectoryManifest manifest = scanTree(path.toRealPath(), guard);
        byte[] encoded = manifest.encode();
        Digest digest = Sha256.of(encoded);
        blobs.put(digest, Payload.of(encoded), guard);
        return new Artifact(digest, ArtifactKind.DIRECTORY, manifest.totalSize(), logicalName, locationOf(path));
      }
      if (!Files.isRegularFile(path)) {
        throw new InvalidInputException("artifact path", "is neither a regular file nor a directory: " + path);
      }
      long size = Files.size(path);
      Digest digest = storeFile(path, size, guard);
      return new Artifact(digest, ArtifactKind.FILE, size, logicalName, locationOf(path));
    } catch (IOException e) {
      throw new StorageException("cannot store artifact " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stores a path already {@link #describe described}, without hashing a file again: its content is checked
   * against the described digest while it is stored, so a file changed since is rejected, not mis-filed.
   */
  public Artifact storeDescribed(Path path, Artifact described, BlobObjects.ReuseGuard guard) {
    if (described.kind() != ArtifactKind.FILE) {
      // A manifest is stored after every file it names, so a stored one says the tree is; else the tree's files
      // are hashed one by one as they go.
      return blobs.reusable(described.digest(), guard) ? described
          : store(path, described.name().orElse(null), guard);
    }
    blobs.put(described.digest(), verifying(path, described.digest(), described.size()), guard);
    return described;
  }

  /**
   * A file this machine has hashed before (unchanged since) is stored only if the store lacks it. A new one is
   * offered to the backend to stage, hashing while it uploads (read once); if the backend does not stage it,
   * it is hashed, then stored if the store lacks it (read twice, but content the store has is never sent).
   */
  private Digest storeFile(Path file, long size, BlobObjects.ReuseGuard guard) throws IOException {
    HashCache.Stamp stamp = hashes.stamp(file);
    Optional<Digest> known = hashes.cached(file, stamp);
    if (known.isEmpty()) {
      long started = hashes.now();
      Optional<ContentPut> staged = blobs.putContent(Payload.of(file));
      if (staged.isPresent()) {
        hashes.learned(file, stamp, started, staged.get().digest());
        return staged.get().digest();
      }
    }
    Digest digest = known.isPresent() ? known.get() : hashes.digest(file, stamp);
    blobs.put(digest, verifying(file, digest, size), guard);
    return digest;
  }

  /** The digest a path would be stored under, without storing it (directories hash their manifest). */
  public Digest digestOf(Path path) {
    return describe(path, null).digest();
  }

  /**
   * Stores content that exists only in memory: copied once to a local file while it is hashed (so memory stays
   * bounded), stored from there if the store lacks it, then the file is deleted.
   */
  public Artifact storeStream(InputStream content, String name, Path tempDir, BlobObjects.ReuseGuard guard) {
    Optional<String> logicalName = Optional.of(Names.checkName("artifact name", name));
    if (content == null) {
      throw new InvalidInputException("artifact content", "must not be null");
    }
    Path file = null;
    try {
      file = Files.createTempFile(tempDir, "lineage-content-", ".bin");
      MessageDigest md = Sha256.newDigest();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
        size = content.transferTo(out);
      }
      Digest digest = Sha256.toDigest(md.digest());
      blobs.put(digest, verifying(file, digest, size), guard);
      return new Artifact(digest, ArtifactKind.FILE, size, logicalName);
    } catch (IOException e) {
      throw new StorageException("cannot store artifact '" + name + "' from its stream: " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a leftover file in the temp dir is harmless
        }
      }
    }
  }

  /** The artifact a path would be stored as, without storing it; unchanged files are not read again. */
  public Artifact describe(Path path, String name) {
    if (path == null) {
      throw new InvalidInputException("input path", "must not be null");
    }
    try {
      HashCache.Stamp stamp = hashes.stamp(path);
      if (stamp.directory()) {
        DirectoryManifest manifest = scanTree(path.toRealPath(), null);
        return new Artifact(Sha256.of(manifest.encode()), ArtifactKind.DIRECTORY, manifest.totalSize(),
            Optional.ofNullable(name), locationOf(path));
      }
      return new Artifact(hashes.digest(path, stamp), ArtifactKind.FILE, stamp.size(), Optional.ofNullable(name),
          locationOf(path));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidInputException("input path", "does not exist: " + path);
    } catch (IOException e) {
      throw new StorageException("cannot hash " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether the store holds the content of this artifact (and, for a directory, its manifest). */
  public boolean has(Artifact artifact) {
    return blobs.exists(artifact.digest());
  }

  /** Whether the artifact's blob (a directory's manifest) can be read now, not only that it exists. */
  public boolean readable(Artifact artifact) {
    return blobs.readable(artifact.digest());
  }

  /** A payload that fails, so the backend publishes nothing, if the file no longer matches its digest. */
  private static Payload verifying(Path file, Digest digest, long size) {
    return new Payload() {
      @Override
      public long length() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return new VerifyingInputStream(Files.newInputStream(file), digest, size, file.toString());
      }
    };
  }

  /** The tree's manifest under the symlink policy above; stores each file's content unless {@code guard} is null. */
  private DirectoryManifest scanTree(Path root, BlobObjects.ReuseGuard guard) throws IOException {
    return Trees.manifest(root, (file, size) -> guard != null ? storeFile(file, size, guard) : hashes.digest(file));
  }

  /** A file artifact's content, verified against its digest as it is read. */
  public InputStream open(Artifact artifact) {
    if (artifact.kind() != ArtifactKind.FILE) {
      throw new InvalidInputException("artifact", "is a DIRECTORY; restore it to a path instead");
    }
    return openBlob(artifact.digest(), artifact.size());
  }

  private InputStream openBlob(Digest digest, long size) {
    return blobs.open(digest, size);
  }

  public Path restore(Artifact artifact, Path target) {
    return restore(artifact, target, false);
  }

  /**
   * Restores a step hit's outputs, which are for reading: each file may be a hard link to the store's read-only
   * blob where that is safe ({@link BlobLinks}), else a verified copy.
   */
  public Path restoreForReading(Artifact artifact, Path target) {
    return restore(artifact, target, true);
  }

  private Path restore(Artifact artifact, Path target, boolean link) {
    if (target == null) {
      throw new InvalidInputException("target", "must not be null");
    }
    try {
      if (artifact.kind() == ArtifactKind.FILE) {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!link || !links.link(artifact.digest(), artifact.size(), parent, target.toAbsolutePath())) {
          writeVerified(artifact.digest(), artifact.size(), parent, target.toAbsolutePath());
        }
        return target;
      }
      DirectoryManifest manifest = readManifest(artifact.digest());
      Files.createDirectories(target);
      Path root = target.toRealPath();
      for (DirectoryManifest.Entry e : manifest.entries()) {
        Path file = root.resolve(e.path()).normalize();
        Path parent = file.getParent();
        Files.createDirectories(parent);
        // A directory on the way may be a pre-existing symlink; refuse anything that resolves outside root.
        if (!file.startsWith(root) || !parent.toRealPath().startsWith(root)) {
          throw new InvalidInputException("manifest path", "would be written outside " + root + ": " + e.path());
        }
        if (!link || !links.link(e.digest(), e.size(), parent, file)) {
          writeVerified(e.digest(), e.size(), parent, file);
        }
      }
      return target;
    } catch (IOException e) {
      throw new StorageException("cannot restore " + artifact.digest() + " to " + target + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new StorageException("cannot restore " + artifact.digest() + " to " + target, e);
    }
  }

  /** The manifest of a stored directory artifact (verified once, then cached: a blob never changes). */
  public DirectoryManifest readManifest(Digest digest) {
    DirectoryManifest cached = manifests.getIfPresent(digest);
    if (cached != null) {
      return cached;
    }
    byte[] bytes = blobs.read(digest);
    DirectoryManifest manifest;
    try {
      manifest = DirectoryManifest.decode(bytes);
    } catch (InvalidInputException e) {
      throw new CorruptObjectException(Keys.blob(digest), "is not a directory manifest: " + e.getMessage(), e);
    }
    manifests.put(digest, manifest);
    return manifest;
  }

  /** Writes to a temp file beside {@code file}, then moves it into place once its digest checked out. */
  private void writeVerified(Digest digest, long size, Path dir, Path file) throws IOException {
    Path tmp = Files.createTempFile(dir, ".lineage-restore", ".tmp");
    try {
      try (InputStream in = openBlob(digest, size); OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      }
      if (Files.isSymbolicLink(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidInputException("target", "exists and is not a regular file: " + file);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Optional<URI> locationOf(Path path) {
    return Optional.of(Locations.of(path));
  }
}
