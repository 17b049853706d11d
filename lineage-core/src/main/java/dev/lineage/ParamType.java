package dev.lineage;

/**
 * The type a parameter was logged with; part of its identity (the long 1 and the string "1" differ).
 *
 * @since 0.1.0
 */
public enum ParamType {
  STRING,
  LONG,
  DOUBLE,
  BOOLEAN
}
