package dev.lineage.registry;

import dev.lineage.InvalidInputException;
import dev.lineage.internal.registry.DefaultModelRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One move of an alias, as {@link ModelRegistry#moveAlias} takes it: the alias of a model, the version it moves
 * to, the version it must point at now (a compare-and-set: a move made from a stale view is refused), the reason
 * and who asks, for the history.
 *
 * <pre>{@code
 * registry.moveAlias(AliasMoveRequest.builder("churn", "production").expecting(1).to(2)
 *     .reason("AUC up on holdout").build());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AliasMoveRequest {
  private final String model;
  private final String alias;
  private final OptionalInt expected;
  private final int to;
  private final String reason;
  private final Optional<String> source;

  private AliasMoveRequest(Builder b) {
    this.model = b.model;
    this.alias = b.alias;
    this.expected = b.expected;
    this.to = b.to;
    this.reason = b.reason == null ? "" : b.reason;
    this.source = Optional.ofNullable(b.source);
  }

  /** A move of {@code alias} of {@code model}; both names are checked here. */
  public static Builder builder(String model, String alias) {
    return new Builder(DefaultModelRegistry.checkName("model", model), DefaultModelRegistry.checkName("alias", alias));
  }

  /** The model whose alias moves. */
  public String model() {
    return model;
  }

  /** The alias that moves. */
  public String alias() {
    return alias;
  }

  /** The version the alias must point at when it moves; empty: it must point nowhere yet. */
  public OptionalInt expected() {
    return expected;
  }

  /** The version it moves to. */
  public int to() {
    return to;
  }

  /** Why, for the history; empty if none was given. */
  public String reason() {
    return reason;
  }

  /** The run or tool that moves it, for the history. */
  public Optional<String> source() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AliasMoveRequest r && model.equals(r.model) && alias.equals(r.alias)
        && expected.equals(r.expected) && to == r.to && reason.equals(r.reason) && source.equals(r.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, alias, expected, to, reason, source);
  }

  @Override
  public String toString() {
    return model + ":" + alias + " " + (expected.isPresent() ? "v" + expected.getAsInt() : "(none)") + " -> v" + to
        + (reason.isEmpty() ? "" : " \"" + reason + "\"") + source.map(s -> " via " + s).orElse("");
  }

  /**
   * Options of a move, each set once and checked when set: the target version and what the alias points at now
   * are required, the reason (required where the registry is configured so) and the source are not.
   */
  public static final class Builder {
    private final String model;
    private final String alias;
    private OptionalInt expected;
    private Integer to;
    private String reason;
    private String source;

    private Builder(String model, String alias) {
      this.model = model;
      this.alias = alias;
    }

    /** The version to move to (1 or more). */
    public Builder to(int version) {
      once(to == null, "to", to);
      if (version < 1) {
        throw new InvalidInputException("to", "must be a version, 1 or more, was " + version);
      }
      this.to = version;
      return this;
    }

    /** The alias must point at {@code version} now. */
    public Builder expecting(int version) {
      if (version < 1) {
        throw new InvalidInputException("expecting", "must be a version, 1 or more, was " + version);
      }
      return expected(OptionalInt.of(version));
    }

    /** The alias must point nowhere yet: its first move. */
    public Builder expectingNone() {
      return expected(OptionalInt.empty());
    }

    /** What the alias must point at now, as a caller that read it holds it (empty: nowhere yet). */
    public Builder expected(OptionalInt version) {
      once(expected == null, "expected", expected);
      if (version == null) {
        throw new InvalidInputException("expected", "must not be null (empty: the alias points nowhere yet)");
      }
      version.ifPresent(v -> {
        if (v < 1) {
          throw new InvalidInputException("expected", "must be a version, 1 or more, was " + v);
        }
      });
      this.expected = version;
      return this;
    }

    /** Why the alias moves, kept in its history; set at most once. */
    public Builder reason(String text) {
      once(reason == null, "reason", reason);
      if (text == null) {
        throw new InvalidInputException("reason", "must not be null (leave it unset for none)");
      }
      this.reason = text;
      return this;
    }

    /** Who or what moves it (a pipeline, a person), kept in its history; set at most once. */
    public Builder source(String who) {
      once(source == null, "source", source);
      if (who == null || who.isBlank()) {
        throw new InvalidInputException("source", "must not be blank (leave it unset for none)");
      }
      this.source = who;
      return this;
    }

    /** The request; the target version and the expected one must have been given. */
    public AliasMoveRequest build() {
      if (to == null) {
        throw new InvalidInputException("to", "is required: the version the alias moves to");
      }
      if (expected == null) {
        throw new InvalidInputException("expected", "is required: expecting(version), or expectingNone() for a "
            + "first move (a move is a compare-and-set against what the caller saw)");
      }
      return new AliasMoveRequest(this);
    }

    private static void once(boolean unset, String field, Object earlier) {
      if (!unset) {
        throw new InvalidInputException(field, "was already set to " + earlier + " (each option may be set once)");
      }
    }
  }
}
