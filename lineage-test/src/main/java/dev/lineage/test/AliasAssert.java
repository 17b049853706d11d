package dev.lineage.test;

import dev.lineage.Lineage;
import dev.lineage.registry.AliasMove;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rules over an alias's history: every version it has pointed to, in the order it moved.
 *
 * @since 0.1.0
 */
public final class AliasAssert {
  private final Lineage lineage;
  private final String model;
  private final String alias;

  AliasAssert(Lineage lineage, String model, String alias) {
    this.lineage = lineage;
    this.model = model;
    this.alias = alias;
  }

  /**
   * Applies {@code rule} to every version the alias has ever pointed to; a failure names each version that broke
   * it, and why.
   */
  public AliasAssert everyVersion(Consumer<NodeAssert> rule) {
    List<AliasMove> history = lineage.registry().aliasHistory(model, alias);
    if (history.isEmpty()) {
      throw new AssertionError("Expected " + model + ":" + alias + " to have a history, but it was never moved");
    }
    Set<Integer> versions = new LinkedHashSet<>();
    history.forEach(m -> versions.add(m.to()));
    List<String> failures = new ArrayList<>();
    for (int v : versions) {
      AliasMove moved = history.stream().filter(m -> m.to() == v).findFirst().orElseThrow();
      try {
        rule.accept(LineageAssertions.assertThatModelVersion(lineage, model, v));
      } catch (AssertionError e) {
        failures.add("version " + v + " (moved there by " + moved.principal() + " at " + moved.at() + ": "
            + moved.reason() + "):\n" + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError("Expected every version " + model + ":" + alias + " has pointed to (" + versions
          + ") to satisfy the rule, but " + failures.size() + " did not:\n\n" + String.join("\n\n", failures));
    }
    return this;
  }
}
