package dev.lineage.internal.store;

import dev.lineage.ArtifactKind;
import java.util.List;

/**
 * {@code stepcache/{h}/{key}.json}: the published outputs of one step key (docs/step-cache.md).
 *
 * @param writeId unique to the publishing attempt, so that a read-back tells this writer's entry from another's
 *     (absent in version 1)
 * @param keyText the key's canonical encoding, whose digest {@code key} is, so that a later miss can say which
 *     part changed (absent in entries written before it was added; readers ignore it)
 */
public record StepEntryDoc(String step, String key, String run, long createdAt, List<Output> outputs,
    String writeId, String keyText) implements Bound {
  public StepEntryDoc {
    Check.present(step, "step");
    Check.hex(key, "key");
    Check.ulid(run, "run");
    outputs = List.copyOf(Check.present(outputs, "outputs"));
  }

  /** One output: its name, its path relative to the output directory, and its content. */
  public record Output(String name, String path, String digest, ArtifactKind kind, long size) {
    public Output {
      Check.present(name, "name");
      Check.present(path, "path");
      Check.digest(digest, "digest");
      Check.present(kind, "kind");
    }
  }

  @Override
  public String storedAt() {
    return Keys.stepCacheEntry(step, new dev.lineage.Digest(key));
  }
}
