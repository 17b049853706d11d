package dev.lineage.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where an artifact was read or written, as the absolute URI a run records with it (docs/storage-format.md): the
 * rules a location must keep, shared by the writer that refuses a caller's and the decoder that finds a stored one
 * corrupt.
 */
public final class Locations {
  /** A location's most characters, in its ASCII form: a key or path longer than this is not a dataset's name. */
  public static final int MAX_LENGTH = 2048;

  private Locations() {}

  /**
   * A file's location: its absolute, normalised {@code file:} URI, as {@code Path.toUri()} writes it (non-ASCII as
   * UTF-8 escapes) without a directory's trailing slash. Built from the path's text alone: {@code toUri()} asks the
   * file system whether the path is a directory, a second stat for every input a step's key describes.
   */
  public static URI of(Path path) {
    try {
      return URI.create(new URI("file", "", path.toAbsolutePath().normalize().toString(), null, null)
          .toASCIIString());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("no file: URI for " + path + ": " + e.getMessage(), e);
    }
  }

  /** The rule {@code location} breaks, or null where it keeps them all. */
  public static String problem(URI location) {
    if (!location.isAbsolute() || location.isOpaque()) {
      return "must be an absolute, hierarchical URI such as s3://bucket/key or file:/data/train.csv, was "
          + location;
    }
    String userInfo = location.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      return "must not carry a password (user:password@): credentials are never recorded";
    }
    if (location.toASCIIString().length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters, was " + location.toASCIIString().length();
    }
    return null;
  }

  /** A stored location's text as a URI, or the rule it breaks as an {@link IllegalArgumentException}. */
  public static URI parse(String text) {
    URI location;
    try {
      location = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("location is not a URI: " + e.getMessage());
    }
    String problem = problem(location);
    if (problem != null) {
      throw new IllegalArgumentException("location " + problem);
    }
    return location;
  }
}
