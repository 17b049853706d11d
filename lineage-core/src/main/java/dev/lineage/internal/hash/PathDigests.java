package dev.lineage.internal.hash;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The digest of a file or a directory, with no store and no hash cache: what {@code Digest.of(Path)} answers, and
 * what a run would record the same content as (a file's SHA-256; a directory's manifest's).
 */
public final class PathDigests {
  private PathDigests() {}

  /** The digest {@code path}'s content would be recorded under. */
  public static Digest of(Path path) {
    if (path == null) {
      throw new InvalidInputException("input path", "must not be null");
    }
    try {
      if (Files.isDirectory(path)) {
        return Sha256.of(Trees.manifest(path.toRealPath(), (file, size) -> Sha256.of(file)).encode());
      }
      return Sha256.of(path.toAbsolutePath().normalize());
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("input path", "does not exist: " + path);
    } catch (IOException e) {
      throw new StorageException("cannot hash " + path + ": " + e.getMessage(), e);
    }
  }
}
