package dev.lineage.test;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Predicate;

/**
 * Which artifacts a rule is about, with the words a failure message uses for them.
 *
 * @since 0.1.0
 */
public final class ArtifactMatcher {
  private final String description;
  private final Predicate<Artifact> test;

  private ArtifactMatcher(String description, Predicate<Artifact> test) {
    this.description = description;
    this.test = test;
  }

  /** Artifacts a run gave this logical name. */
  public static ArtifactMatcher artifactNamed(String name) {
    require(name, "artifact name");
    return new ArtifactMatcher("an artifact named '" + name + "'", a -> a.name().filter(name::equals).isPresent());
  }

  /** The artifact with this content digest. */
  public static ArtifactMatcher artifactWithDigest(Digest digest) {
    require(digest, "digest");
    return new ArtifactMatcher("the artifact " + digest, a -> a.digest().equals(digest));
  }

  /** The artifact whose content is this file's. */
  public static ArtifactMatcher artifactAt(Path file) {
    Digest digest = digestOf(file);
    return new ArtifactMatcher("the artifact with the content of " + file + " (" + digest + ")",
        a -> a.digest().equals(digest));
  }

  /** Artifacts matching a predicate of your own, described for failure messages. */
  public static ArtifactMatcher artifact(String description, Predicate<Artifact> test) {
    require(description, "description");
    require(test, "test");
    return new ArtifactMatcher(description, test);
  }

  boolean matches(Artifact artifact) {
    return test.test(artifact);
  }

  @Override
  public String toString() {
    return description;
  }

  static Digest digestOf(Path file) {
    require(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("file", "must be an existing regular file: " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
      return new Digest(HexFormat.of().formatHex(md.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static <T> T require(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
    return value;
  }
}
