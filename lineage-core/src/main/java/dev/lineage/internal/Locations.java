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

  /** A file's location: its absolute, normalised {@code file:} URI, without a directory's trailing slash. */
  public static URI of(Path path) {
    String uri = path.toAbsolutePath().normalize().toUri().toString();
    return URI.create(uri.endsWith("/") && uri.length() > "file:///".length() ? uri.substring(0, uri.length() - 1)
        : uri);
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
