package dev.lineage.bench;

/** A benchmark whose work went wrong measures nothing: each run checks its result and stops if it is wrong. */
final class Checks {
  private Checks() {}

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark check failed: " + what);
    }
  }
}
