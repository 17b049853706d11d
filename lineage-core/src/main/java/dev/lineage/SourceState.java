package dev.lineage;

import java.util.List;
import java.util.Optional;

/**
 * The git working tree a run's code came from, beyond its commit ({@link Fingerprint#gitCommit()}): where the
 * repository lives and what was not committed when the run started, so that the source can be rebuilt.
 *
 * @param remote the {@code origin} remote's URL, with any user name and password removed; empty without one
 * @param diff the working tree's changes to tracked files against {@code HEAD} ({@code git diff HEAD --binary},
 *     so {@code git apply} takes it back), stored once by content digest as a file named {@value #DIFF_NAME}:
 *     {@link Lineage#openArtifact} reads it; empty when the tree was clean, when the diff was larger than
 *     {@link #MAX_DIFF_BYTES} (then it is not stored), or when git did not give it within its time limit (2 s)
 * @param untracked the paths of untracked files that git does not ignore, as {@code git status} lists them (a
 *     wholly untracked directory as {@code dir/}), never stored; at most {@link #MAX_UNTRACKED}
 *
 * @since 0.1.0
 */
@Experimental
public record SourceState(Optional<String> remote, Optional<Artifact> diff, List<String> untracked) {
  /** The name the diff is stored under. */
  public static final String DIFF_NAME = "git-diff-HEAD.patch";
  /** The largest diff stored. */
  public static final long MAX_DIFF_BYTES = 64L << 20;
  /** The most untracked paths listed. */
  public static final int MAX_UNTRACKED = 1000;

  public SourceState {
    untracked = List.copyOf(untracked);
  }
}
