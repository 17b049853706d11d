package dev.lineage.registry;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of an alias's history: from which version (empty for the first assignment) to which, who moved it,
 * when, why, and from which run or tool. Entries are never rewritten; each one's {@code from} is the previous
 * entry's {@code to}.
 *
 * @since 0.1.0
 */
public record AliasMove(String model, String alias, long sequence, OptionalInt from, int to, String principal,
    Instant at, String reason, Optional<String> source, Kind kind) {
  /** What an entry of the history did. */
  public enum Kind {
    /** Moved the alias. */
    MOVE,
    /** Proposed a move of a protected alias; the alias stays where it was until another principal approves. */
    PROPOSAL,
    /** Approved the proposal just before it, by another principal: moved the alias to its version. */
    APPROVAL
  }
}
