package dev.lineage.query;

import dev.lineage.Experimental;
import dev.lineage.InvalidInputException;
import dev.lineage.ParamValue;
import dev.lineage.internal.Names;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition on a param or a metric as data: a key, an operator and a literal, written and printed the way a
 * user types it ({@code lr=0.01}, {@code epochs>=10}, {@code optimizer!=sgd}, {@code auc>0.8}). The API, the
 * command line and the report page share it, so the same words mean the same thing everywhere (docs/queries.md):
 *
 * <ul>
 *   <li>A literal that reads as a decimal number ({@code 10}, {@code -0.5}, {@code 1e-4}) is a number; anything
 *       else is text. An ordering ({@code <}, {@code <=}, {@code >}, {@code >=}) needs a number.
 *   <li>A LONG param is compared with a number exactly ({@code epochs=10.0} holds for 10); a DOUBLE param, and a
 *       metric, as a double ({@code lr=0.010} holds for 0.01). NaN equals nothing and is in no order.
 *   <li>A STRING or BOOLEAN param is compared as text, exactly: {@code =} and {@code !=} only, so an ordering
 *       never holds for one. A number param never equals a text literal.
 *   <li>{@code !=} holds exactly where {@code =} does not (a missing param or metric satisfies neither).
 * </ul>
 *
 * <p>Immutable; equal when key, operator and literal are.
 *
 * @since 0.1.0
 */
@Experimental
public final class Comparison {
  private static final Pattern SHAPE = Pattern.compile("\\s*([^<>=!\\s]+)\\s*(<=|>=|!=|==|=|<|>)\\s*(.*?)\\s*",
      Pattern.DOTALL);
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** How a value is compared with the literal. */
  public enum Operator {
    /** Equal. */
    EQ("="),
    /** Not equal. */
    NE("!="),
    /** Less than (numbers only). */
    LT("<"),
    /** Less than or equal (numbers only). */
    LE("<="),
    /** Greater than (numbers only). */
    GT(">"),
    /** Greater than or equal (numbers only). */
    GE(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** As typed: {@code =}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}. */
    public String symbol() {
      return symbol;
    }

    /** Whether it orders values ({@code <}, {@code <=}, {@code >}, {@code >=}) rather than tests equality. */
    public boolean ordering() {
      return this != EQ && this != NE;
    }

    boolean holds(int comparison) {
      return switch (this) {
        case EQ -> comparison == 0;
        case NE -> comparison != 0;
        case LT -> comparison < 0;
        case LE -> comparison <= 0;
        case GT -> comparison > 0;
        case GE -> comparison >= 0;
      };
    }
  }

  private final String key;
  private final Operator operator;
  private final String literal;
  /** The literal as a number, null for text; and as a double, for the comparisons done as doubles. */
  private final BigDecimal number;
  private final double doubleValue;

  private Comparison(String key, Operator operator, String literal) {
    Names.checkName("comparison key", key);
    if (operator == null) {
      throw new InvalidInputException("comparison operator", "must not be null");
    }
    if (literal == null || literal.isBlank()) {
      throw new InvalidInputException("comparison literal", "must not be blank");
    }
    if (operator.ordering() && !NUMBER.matcher(literal).matches()) {
      throw new InvalidInputException("comparison literal", "'" + operator.symbol + "' compares numbers, and '"
          + literal + "' is not one");
    }
    this.key = key;
    this.operator = operator;
    this.literal = literal;
    this.number = NUMBER.matcher(literal).matches() ? new BigDecimal(literal) : null;
    this.doubleValue = number != null ? number.doubleValue() : Double.NaN;
  }

  /**
   * A comparison of {@code key} with {@code literal}, as if typed {@code key}, the operator's symbol, then
   * {@code literal}.
   *
   * @throws InvalidInputException if the key is not a valid name, the literal is blank, or an ordering is given
   *     a literal that is not a number
   */
  public static Comparison of(String key, Operator operator, String literal) {
    return new Comparison(key, operator, literal);
  }

  /** The param or metric key. */
  public String key() {
    return key;
  }

  /** How the value is compared. */
  public Operator operator() {
    return operator;
  }

  /** The value compared with, as typed. */
  public String literal() {
    return literal;
  }

  /**
   * Reads a comparison as typed: {@code KEY=VALUE}, {@code KEY!=VALUE}, {@code KEY<N}, {@code KEY<=N},
   * {@code KEY>N} or {@code KEY>=N} ({@code ==} reads as {@code =}); spaces around the operator are ignored.
   *
   * @throws InvalidInputException naming the rule, for text of another shape
   */
  public static Comparison parse(String text) {
    if (text == null) {
      throw new InvalidInputException("comparison", "must not be null");
    }
    Matcher m = SHAPE.matcher(text);
    if (!m.matches() || m.group(3).isEmpty()) {
      throw new InvalidInputException("comparison", "must look like KEY=VALUE, KEY!=VALUE, KEY<N, KEY<=N, KEY>N "
          + "or KEY>=N, was '" + text + "'");
    }
    String op = m.group(2).equals("==") ? "=" : m.group(2);
    for (Operator o : Operator.values()) {
      if (o.symbol.equals(op)) {
        return new Comparison(m.group(1), o, m.group(3));
      }
    }
    throw new IllegalStateException("the pattern admits only the six operators: " + op);
  }

  /** The literal as a number, if it reads as one. */
  public Optional<BigDecimal> number() {
    return Optional.ofNullable(number);
  }

  /** Whether a param's value satisfies this comparison (the rules above). */
  public boolean test(ParamValue value) {
    return switch (value.type()) {
      case LONG -> number != null ? operator.holds(new BigDecimal(value.text()).compareTo(number))
          : operator == Operator.NE;
      case DOUBLE -> test(Double.parseDouble(value.text()));
      case STRING, BOOLEAN -> !operator.ordering() && operator.holds(value.text().equals(literal) ? 0 : 1);
    };
  }

  /** Whether a number (a metric's value, a DOUBLE param) satisfies this comparison (the rules above). */
  public boolean test(double value) {
    if (number == null || Double.isNaN(value)) {
      return operator == Operator.NE;
    }
    return operator.holds(value < doubleValue ? -1 : value > doubleValue ? 1 : 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Comparison c && c.key.equals(key) && c.operator == operator && c.literal.equals(literal);
  }

  @Override
  public int hashCode() {
    return (key.hashCode() * 31 + operator.ordinal()) * 31 + literal.hashCode();
  }

  /** As typed: {@code lr=0.01}. */
  @Override
  public String toString() {
    return key + operator.symbol + literal;
  }
}
