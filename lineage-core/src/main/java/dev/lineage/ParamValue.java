package dev.lineage;

import dev.lineage.internal.Names;

/**
 * A typed parameter value. {@link #text()} is its canonical text: exact for every value (doubles round-trip
 * through {@link Double#toString}, including NaN and the infinities), and the form it is stored in.
 *
 * @since 0.1.0
 */
public record ParamValue(ParamType type, String text) {
  /** Largest string value, in UTF-8 bytes. Longer values are rejected: store them as an artifact instead. */
  public static final int MAX_STRING_BYTES = 8192;

  public ParamValue {
    if (type == null) {
      throw new InvalidInputException("param type", "must not be null");
    }
    if (text == null) {
      throw new InvalidInputException("param value", "must not be null");
    }
    text = canonical(type, text);
  }

  /** A STRING value. */
  public static ParamValue of(String value) {
    return new ParamValue(ParamType.STRING, value);
  }

  /** A LONG value. */
  public static ParamValue of(long value) {
    return new ParamValue(ParamType.LONG, Long.toString(value));
  }

  /** A DOUBLE value. */
  public static ParamValue of(double value) {
    return new ParamValue(ParamType.DOUBLE, Double.toString(value));
  }

  /** A BOOLEAN value. */
  public static ParamValue of(boolean value) {
    return new ParamValue(ParamType.BOOLEAN, Boolean.toString(value));
  }

  /** The value of a LONG param; an {@link InvalidInputException} for any other type. */
  public long asLong() {
    requireType(ParamType.LONG);
    return Long.parseLong(text);
  }

  /** The value of a DOUBLE param; an {@link InvalidInputException} for any other type. */
  public double asDouble() {
    requireType(ParamType.DOUBLE);
    return Double.parseDouble(text);
  }

  /** The value of a BOOLEAN param; an {@link InvalidInputException} for any other type. */
  public boolean asBoolean() {
    requireType(ParamType.BOOLEAN);
    return Boolean.parseBoolean(text);
  }

  /** The value of a STRING param; an {@link InvalidInputException} for any other type. */
  public String asString() {
    requireType(ParamType.STRING);
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  private void requireType(ParamType expected) {
    if (type != expected) {
      throw new InvalidInputException("param value", "is " + type + ", not " + expected);
    }
  }

  private static String canonical(ParamType type, String text) {
    try {
      switch (type) {
        case LONG:
          return Long.toString(Long.parseLong(text));
        case DOUBLE:
          return Double.toString(Double.parseDouble(text));
        case BOOLEAN:
          if (!text.equals("true") && !text.equals("false")) {
            throw new InvalidInputException("param value", "a BOOLEAN is 'true' or 'false', was '" + text + "'");
          }
          return text;
        default:
          Names.checkText("param value", text, MAX_STRING_BYTES);
          return text;
      }
    } catch (NumberFormatException e) {
      throw new InvalidInputException("param value", "not a valid " + type + ": '" + text + "'");
    }
  }
}
