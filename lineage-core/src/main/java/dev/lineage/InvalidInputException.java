package dev.lineage;

/**
 * A call was rejected because an argument broke a rule. Nothing already recorded was changed.
 * The message names the field and the rule; both are also available as accessors.
 *
 * @since 0.1.0
 */
public final class InvalidInputException extends LineageException {
  private final String field;
  private final String rule;

  /** The value of {@code field} breaks {@code rule}; the message names both. */
  public InvalidInputException(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
    this.rule = rule;
  }

  /** The argument or record field that was rejected, for example {@code "param key"}. */
  public String field() {
    return field;
  }

  /** The rule it broke, in words. */
  public String rule() {
    return rule;
  }
}
