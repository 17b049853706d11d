package dev.lineage;

import java.util.Optional;

/**
 * One entry of the class path a run ran with, by content ({@link Fingerprint#classpath()}).
 *
 * @param path the entry as the JVM was given it
 * @param content what the entry held when the run's code was captured: a jar as a {@link ArtifactKind#FILE}, a
 *     class directory as a {@link ArtifactKind#DIRECTORY} (its digest is its manifest's); empty where the entry did
 *     not exist or could not be read
 * @param coordinates a library jar's Maven coordinates, {@code group:artifact:version} or
 *     {@code group:artifact:version:classifier}: such a jar is not stored, because it can be fetched again by them
 *     and checked against {@code content}'s digest
 * @param stored whether the store holds {@code content}: the user's own jars and class directories are stored
 *     (once, by content), libraries and entries over {@link #MAX_STORED_BYTES} are not
 * @param fromLoader whether the entry came from a class loader of the program's thread rather than
 *     {@code java.class.path}: a launcher ({@code mvn exec:java}, a plugin host) loaded the program there
 *
 * @since 0.1.0
 */
@Experimental
public record ClasspathEntry(String path, Optional<Artifact> content, Optional<String> coordinates,
    boolean stored, boolean fromLoader) {
  /** The largest entry stored; a larger one is recorded by digest alone. */
  public static final long MAX_STORED_BYTES = 256L << 20;

  public ClasspathEntry {
    if (path == null || path.isEmpty() || content == null || coordinates == null) {
      throw new InvalidInputException("classpath entry", "path must be non-empty; content and coordinates not null");
    }
    if (stored && content.isEmpty()) {
      throw new InvalidInputException("classpath entry", "an entry without content cannot be stored: " + path);
    }
  }
}
