package dev.lineage.internal.artifact;

import dev.lineage.Digest;
import dev.lineage.internal.store.BlobObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Restores a step's outputs as hard links to the store's blob files where that is safe (docs/step-cache.md,
 * "Restores"): the backend keeps the blob as a local file on the same file system, the blob has no write
 * permission (it is taken away if this process may), its content is the digest's (through the hash cache), and
 * this process is one that a missing write permission stops, that is, not root. Anything else is no link, and
 * the caller copies.
 */
final class BlobLinks {
  private static final Set<PosixFilePermission> WRITES = EnumSet.of(PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private final BlobObjects blobs;
  private final HashCache hashes;
  /** Whether a file without write permission is safe from this process: null until a link is first tried. */
  private volatile Boolean permissionsBind;

  BlobLinks(BlobObjects blobs, HashCache hashes, Boolean permissionsBind) {
    this.blobs = blobs;
    this.hashes = hashes;
    this.permissionsBind = permissionsBind;
  }

  /** Links {@code file} to the blob; false, having changed nothing at {@code file}, where it cannot or must not. */
  boolean link(Digest digest, long size, Path dir, Path file) {
    if (blobs == null || Boolean.FALSE.equals(permissionsBind)) {
      return false;
    }
    Optional<Path> local = blobs.localFile(digest);
    if (local.isEmpty()) {
      return false;
    }
    Path blob = local.get();
    Path tmp = dir.resolve(".lineage-link-" + digest.hex().substring(0, 16) + "-" + System.nanoTime());
    try {
      if (permissionsBind == null) {
        permissionsBind = !isRoot(dir);
        if (!permissionsBind) {
          return false;
        }
      }
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(blob, LinkOption.NOFOLLOW_LINKS);
      if (permissions.stream().anyMatch(WRITES::contains)) {
        Set<PosixFilePermission> readOnly = EnumSet.copyOf(permissions);
        readOnly.removeAll(WRITES);
        Files.setPosixFilePermissions(blob, readOnly); // fails unless this process owns the blob: then no link
      }
      if (Files.size(blob) != size || !hashes.digest(blob).equals(digest)) {
        return false; // the copy reads it through the store, which reports and quarantines what is wrong
      }
      Files.createLink(tmp, blob);
      if (Files.isSymbolicLink(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException noLink) {
      return false; // another file system, no POSIX permissions, a blob another user owns: copy
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a stray temp link in a work directory; never a blob
      }
    }
  }

  /** Whether files this process creates are owned by root, whom permissions do not stop. */
  private static boolean isRoot(Path dir) throws IOException {
    Path probe = Files.createTempFile(dir, ".lineage-owner", ".tmp");
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
