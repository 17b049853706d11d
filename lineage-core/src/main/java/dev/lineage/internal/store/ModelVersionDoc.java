package dev.lineage.internal.store;

import dev.lineage.ArtifactKind;

/**
 * {@code registry/models/{model}/versions/{n}.json}: a registered model version.
 *
 * @param prev the checksum of version {@code number - 1}; absent for version 1 and before 2026-12-07
 */
public record ModelVersionDoc(String model, int number, String digest, ArtifactKind kind, long size, String name,
    String run, String registeredBy, long registeredAt, String writeId, String prev) implements Bound {
  public ModelVersionDoc {
    Check.present(model, "model");
    if (number < 1) {
      throw new IllegalArgumentException("number must be >= 1");
    }
    Check.digest(digest, "digest");
    Check.present(kind, "kind");
    Check.optionalUlid(run, "run");
    Check.present(registeredBy, "registeredBy");
    Check.optionalDigest(prev, "prev");
    if (number == 1 && prev != null) {
      throw new IllegalArgumentException("version 1 has no predecessor");
    }
  }

  @Override
  public String storedAt() {
    return Keys.modelVersion(model, number);
  }
}
