package dev.lineage.internal.store;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.ClasspathEntry;
import dev.lineage.Digest;
import java.util.List;
import java.util.Optional;

/**
 * A run's class path by content ({@code lineage.classpath}): a blob of its own, named by a run's {@code code} event,
 * so a hundred runs of the same code share one (docs/storage-format.md).
 */
public record ClasspathDoc(List<Entry> entries) {
  public ClasspathDoc {
    entries = List.copyOf(Check.present(entries, "entries"));
  }

  /** One entry; {@code kind}, {@code digest} and {@code size} are absent together, for an entry that was not there. */
  public record Entry(String path, ArtifactKind kind, String digest, Long size, String coordinates, boolean stored,
      Boolean loader) {
    public Entry {
      Check.present(path, "entries.path");
      Check.optionalDigest(digest, "entries.digest");
      if ((kind == null) != (digest == null) || (digest == null) != (size == null) || size != null && size < 0) {
        throw new IllegalArgumentException("entries.kind, digest and size go together, the size not negative");
      }
      if (stored && digest == null) {
        throw new IllegalArgumentException("entries.stored names no content: " + path);
      }
    }

    public static Entry of(ClasspathEntry e) {
      return new Entry(e.path(), e.content().map(Artifact::kind).orElse(null),
          e.content().map(a -> a.digest().toString()).orElse(null), e.content().map(Artifact::size).orElse(null),
          e.coordinates().orElse(null), e.stored(), e.fromLoader() ? Boolean.TRUE : null);
    }

    public ClasspathEntry entry() {
      Optional<Artifact> content = Optional.ofNullable(digest).map(d -> new Artifact(Digest.parse(d), kind, size,
          Optional.of(fileName(path))));
      return new ClasspathEntry(path, content, Optional.ofNullable(coordinates), stored, Boolean.TRUE.equals(loader));
    }
  }

  /** The last segment of a path written on any platform: reading a store never depends on where it was written. */
  static String fileName(String path) {
    String trimmed = path.replaceAll("[/\\\\]+$", "");
    int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
    return trimmed.isEmpty() ? path : trimmed.substring(slash + 1);
  }

  /** The manifest stored as blob {@code digest}: its format and version checked ({@link Documents#decode}). */
  public static ClasspathDoc decode(Digest digest, byte[] bytes) {
    return Documents.decode(Keys.blob(digest), bytes, Format.CLASSPATH, ClasspathDoc.class).doc();
  }

  /** The artifacts of the entries the store holds: what a stored manifest keeps alive. */
  public List<Artifact> storedContent() {
    return entries.stream().filter(Entry::stored).map(e -> e.entry().content().orElseThrow()).toList();
  }
}
