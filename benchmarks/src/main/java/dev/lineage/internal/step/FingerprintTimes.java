package dev.lineage.internal.step;

import dev.lineage.internal.artifact.ArtifactStore;
import dev.lineage.internal.artifact.HashCache;
import java.util.List;
import java.util.Set;

/**
 * The benchmarks' door to the code fingerprint (it lives in core's internal package, as the benchmark must clear
 * its caches one at a time): one step's fingerprint cold, with class files cached, and remembered.
 */
public final class FingerprintTimes {
  private FingerprintTimes() {}

  /**
   * @param coldMillis a new fingerprinter: every reached class file read and parsed
   * @param classCachedMillis the walk forgotten, the parsed class files kept (each one read and hashed again)
   * @param rememberedMillis the same step again in the same JVM
   * @param parts lines of the step's code manifest
   */
  public record Times(double coldMillis, double classCachedMillis, double rememberedMillis, int parts,
      String fingerprint) {}

  public static Times measure(List<Class<?>> roots) {
    CodeFingerprint fingerprints = new CodeFingerprint(new ArtifactStore(null, HashCache.inMemory()));
    CodeScope scope = new CodeScope(roots.stream().map(c -> new CodeScope.Root(c, null)).toList(), Set.of(), Set.of(),
        Set.of());
    long start = System.nanoTime();
    String cold = fingerprints.of(null, scope);
    double coldMillis = (System.nanoTime() - start) / 1e6;
    fingerprints.forget(false);
    start = System.nanoTime();
    String classCached = fingerprints.of(null, scope);
    double classCachedMillis = (System.nanoTime() - start) / 1e6;
    start = System.nanoTime();
    String remembered = fingerprints.of(null, scope);
    double rememberedMillis = (System.nanoTime() - start) / 1e6;
    if (!cold.equals(classCached) || !cold.equals(remembered)) {
      throw new IllegalStateException("the fingerprint changed between calls: " + cold + " " + classCached + " "
          + remembered);
    }
    int parts = (int) fingerprints.manifest(scope).lines().count() - 1;
    return new Times(coldMillis, classCachedMillis, rememberedMillis, parts, cold);
  }
}
