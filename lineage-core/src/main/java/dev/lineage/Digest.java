package dev.lineage;

import dev.lineage.internal.Chars;
import dev.lineage.internal.hash.PathDigests;
import java.nio.file.Path;

/**
 * A SHA-256 content digest, printed as {@code sha256:<64 lower-case hex digits>}.
 *
 * @since 0.1.0
 */
public record Digest(String hex) implements Comparable<Digest> {
  public Digest {
    if (hex == null || !Chars.isLowerHex(hex, 64)) {
      throw new InvalidInputException("digest", "must be 64 lower-case hex digits of SHA-256, was " + hex);
    }
  }

  /** Parses {@code sha256:<hex>} or a bare hex string. */
  public static Digest parse(String text) {
    if (text == null) {
      throw new InvalidInputException("digest", "must not be null");
    }
    return new Digest(text.startsWith("sha256:") ? text.substring(7) : text);
  }

  /**
   * The digest a file or directory is recorded under ({@code run.use(path)}, {@code run.produce(path)}): a file's
   * SHA-256, or a directory's manifest's (docs/storage-format.md). For a test or a script that asks which run
   * made, or used, a file it has. Streams the file; never reads it into memory.
   *
   * @throws InvalidInputException if {@code path} is null, does not exist, or is neither a file nor a directory
   * @throws StorageException if it cannot be read
   */
  public static Digest of(Path path) {
    return PathDigests.of(path);
  }

  @Override
  public int compareTo(Digest o) {
    return hex.compareTo(o.hex);
  }

  @Override
  public String toString() {
    return "sha256:" + hex;
  }
}
