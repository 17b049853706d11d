package dev.lineage.internal.cli;

import dev.lineage.InvalidInputException;
import dev.lineage.ParamType;
import dev.lineage.ParamValue;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A filter such as {@code lr=0.01}, {@code epochs>=10}, {@code optimizer!=sgd} or {@code auc>0.8}. Equality
 * compares numbers as numbers ({@code 0.010} equals {@code 0.01}) and anything else as text; an ordering needs
 * a number on both sides.
 */
record Comparison(String key, String op, String value) {
  private static final Pattern SHAPE = Pattern.compile("\\s*([^<>=!\\s]+)\\s*(<=|>=|!=|==|=|<|>)\\s*(.*?)\\s*");

  static Comparison parse(String option, String text) {
    Matcher m = SHAPE.matcher(text);
    if (!m.matches() || m.group(3).isEmpty()) {
      throw new InvalidInputException(option, "must look like KEY=VALUE, KEY!=VALUE, KEY<N, KEY<=N, KEY>N or "
          + "KEY>=N, was '" + text + "'");
    }
    String op = m.group(2).equals("==") ? "=" : m.group(2);
    Comparison c = new Comparison(m.group(1), op, m.group(3));
    if (!c.isEquality() && c.number().isNaN()) {
      throw new InvalidInputException(option, "'" + op + "' compares numbers, and '" + c.value + "' is not one");
    }
    return c;
  }

  boolean isEquality() {
    return op.equals("=") || op.equals("!=");
  }

  Predicate<ParamValue> onParam() {
    return p -> {
      boolean numeric = p.type() == ParamType.LONG || p.type() == ParamType.DOUBLE;
      if (isEquality()) {
        boolean equal = numeric && !number().isNaN() ? Double.parseDouble(p.text()) == number() : p.text().equals(value);
        return op.equals("=") == equal;
      }
      return numeric && ordered(Double.parseDouble(p.text()));
    };
  }

  DoublePredicate onMetric() {
    return v -> isEquality() ? (v == number()) == op.equals("=") : ordered(v);
  }

  private boolean ordered(double v) {
    double n = number();
    return switch (op) {
      case "<" -> v < n;
      case "<=" -> v <= n;
      case ">" -> v > n;
      case ">=" -> v >= n;
      default -> throw new IllegalStateException(op);
    };
  }

  private Double number() {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
