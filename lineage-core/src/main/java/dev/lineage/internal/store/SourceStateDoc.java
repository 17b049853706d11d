package dev.lineage.internal.store;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.SourceState;
import java.util.List;
import java.util.Optional;

/**
 * The working tree beyond its commit, inside a fingerprint (added 2026-12-08, a minor addition; absent when not
 * recorded). {@code diff} names a blob of {@code diffSize} bytes; the same JSON is the index's {@code source} column.
 */
public record SourceStateDoc(String remote, String diff, Long diffSize, List<String> untracked) {
  public SourceStateDoc {
    Check.optionalDigest(diff, "source.diff");
    if ((diff == null) != (diffSize == null) || diffSize != null && diffSize < 0) {
      throw new IllegalArgumentException("source.diff and source.diffSize go together, the size not negative");
    }
    untracked = untracked == null ? List.of() : List.copyOf(untracked);
  }

  public static SourceStateDoc of(SourceState s) {
    return new SourceStateDoc(s.remote().orElse(null), s.diff().map(a -> a.digest().toString()).orElse(null),
        s.diff().map(Artifact::size).orElse(null), s.untracked());
  }

  public SourceState state() {
    return new SourceState(Optional.ofNullable(remote), Optional.ofNullable(diff).map(d -> new Artifact(
        Digest.parse(d), ArtifactKind.FILE, diffSize, Optional.of(SourceState.DIFF_NAME))), untracked);
  }
}
