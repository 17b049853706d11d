package dev.lineage.test;

import dev.lineage.Lineage;
import dev.lineage.StoreProblem;
import dev.lineage.maintenance.VerifyReport;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rules over the store itself.
 *
 * @since 0.1.0
 */
public final class StoreAssert {
  private final Lineage lineage;

  StoreAssert(Lineage lineage) {
    this.lineage = lineage;
  }

  /** Loading the lineage graph met no damaged, unsupported or stray object. */
  public StoreAssert hasNoProblems() {
    return check("load without problems", lineage.graph().problems());
  }

  /** {@code maintenance().verify()} finds nothing wrong: every object checks out. */
  public StoreAssert verifies() {
    VerifyReport report = lineage.maintenance().verify();
    return check("verify (" + report.objects() + " objects read)", report.problems());
  }

  private StoreAssert check(String what, List<StoreProblem> problems) {
    if (!problems.isEmpty()) {
      throw new AssertionError("Expected the store " + lineage.store() + " to " + what + ", but it has "
          + problems.size() + " problem(s):\n" + problems.stream().limit(20)
              .map(p -> "  " + p.kind() + " " + p.key() + ": " + p.message()).collect(Collectors.joining("\n")));
    }
    return this;
  }
}
