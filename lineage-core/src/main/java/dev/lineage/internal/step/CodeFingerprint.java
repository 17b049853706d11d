package dev.lineage.internal.step;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.Sha256;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A step's code fingerprint: by default the digest of the jar or classes directory its body was loaded from,
 * widened by extra classes' locations and extra files, or pinned to a version string. A location is hashed
 * once per JVM: the classes a running JVM loaded cannot change under it.
 */
public final class CodeFingerprint {
  private final ArtifactStore artifacts;
  private final Map<Path, Digest> locations = new ConcurrentHashMap<>();

  public CodeFingerprint(ArtifactStore artifacts) {
    this.artifacts = artifacts;
  }

  /** {@code pinned:<version>} if pinned, else {@code sha256:<hex>} over the sorted locations and files. */
  public String of(String pinned, Set<Class<?>> classes, Set<Path> files) {
    if (pinned != null) {
      return "pinned:" + pinned;
    }
    Map<String, Digest> parts = new TreeMap<>();
    for (Class<?> type : classes) {
      Path location = location(type);
      parts.put("code " + location, locations.computeIfAbsent(location, artifacts::digestOf));
    }
    for (Path file : files) {
      parts.put("file " + file.toAbsolutePath().normalize(), artifacts.digestOf(file));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, Digest> e : parts.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      out.writeBytes((name.length + ":").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(name);
      out.writeBytes((" " + e.getValue() + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return Sha256.of(out.toByteArray()).toString();
  }

  static Path location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new InvalidInputException("step code", "cannot locate the code of " + type.getName()
          + " (a JDK or generated class?); pin it with codeVersion(...)");
    }
    try {
      Path path = Path.of(source.getLocation().toURI());
      if (!Files.exists(path)) {
        throw new InvalidInputException("step code", "the code of " + type.getName() + " was loaded from "
            + path + ", which no longer exists; pin it with codeVersion(...)");
      }
      return path.toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new StorageException("cannot read the code location of " + type.getName() + ": " + source.getLocation(), e);
    }
  }
}
