package dev.lineage.test;

import dev.lineage.ParamValue;
import dev.lineage.RunRecord;
import java.util.function.Predicate;

/**
 * Which runs a rule is about, with the words a failure message uses for them.
 *
 * @since 0.1.0
 */
public final class RunMatcher {
  private final String description;
  private final Predicate<RunRecord> test;

  private RunMatcher(String description, Predicate<RunRecord> test) {
    this.description = description;
    this.test = test;
  }

  /** Runs of this name. */
  public static RunMatcher runNamed(String name) {
    ArtifactMatcher.require(name, "run name");
    return new RunMatcher("a run named '" + name + "'", r -> r.name().equals(name));
  }

  /** Runs that logged this param with this value. */
  public static RunMatcher runWithParam(String key, ParamValue value) {
    ArtifactMatcher.require(key, "param key");
    ArtifactMatcher.require(value, "param value");
    return new RunMatcher("a run with param " + key + "=" + value, r -> value.equals(r.params().get(key)));
  }

  /** Runs matching a predicate of your own, described for failure messages. */
  public static RunMatcher run(String description, Predicate<RunRecord> test) {
    ArtifactMatcher.require(description, "description");
    ArtifactMatcher.require(test, "test");
    return new RunMatcher(description, test);
  }

  boolean matches(RunRecord run) {
    return test.test(run);
  }

  @Override
  public String toString() {
    return description;
  }
}
