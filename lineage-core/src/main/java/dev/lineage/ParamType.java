package dev.lineage;

/**
 * The type a parameter was logged with; part of its identity (the long 1 and the string "1" differ).
 *
 * @since 0.1.0
 */
public enum ParamType {
  /** Text of at most 8 KiB of UTF-8, compared exactly. */
  STRING,
  /** A 64-bit integer, compared exactly. */
  LONG,
  /** A 64-bit float, kept as Java's {@code Double.toString} text so NaN and the infinities survive. */
  DOUBLE,
  /** {@code true} or {@code false}. */
  BOOLEAN
}
