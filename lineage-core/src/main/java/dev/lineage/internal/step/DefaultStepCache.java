package dev.lineage.internal.step;

import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.internal.Json;
import dev.lineage.internal.Names;
import dev.lineage.internal.store.PutOnce;
import dev.lineage.internal.store.Records;
import dev.lineage.internal.store.StoreLayout;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.StorageBackend;
import dev.lineage.step.StepCache;
import dev.lineage.step.StepCacheEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lists and invalidates step cache entries in the store. */
public final class DefaultStepCache implements StepCache {
  private final StorageBackend backend;

  public DefaultStepCache(StorageBackend backend) {
    this.backend = backend;
  }

  @Override
  public List<StepCacheEntry> entries(String step) {
    Names.checkName("step name", step);
    List<StepCacheEntry> entries = new ArrayList<>();
    for (ObjectInfo object : backend.listAll(StoreLayout.stepCachePrefix(step))) {
      Records.StepEntry e = Json.read(PutOnce.read(backend, object.key()), Records.StepEntry.class, object.key());
      if (e.step().equals(step)) { // else another name with the same 128-bit prefix hash
        entries.add(toEntry(e));
      }
    }
    entries.sort(Comparator.comparing(StepCacheEntry::createdAt));
    return entries;
  }

  static StepCacheEntry toEntry(Records.StepEntry e) {
    Map<String, Artifact> outputs = new LinkedHashMap<>();
    e.outputs().forEach(o -> outputs.put(o.name(), new Artifact(Digest.parse(o.digest()),
        ArtifactKind.valueOf(o.kind()), o.size(), Optional.of(o.name()))));
    return new StepCacheEntry(e.step(), new Digest(e.key()), RunId.of(e.run()), Instant.ofEpochMilli(e.createdAt()),
        outputs);
  }

  @Override
  public int invalidate(String step) {
    int deleted = 0;
    for (StepCacheEntry entry : entries(step)) {
      if (backend.delete(StoreLayout.stepCacheEntry(step, entry.key()))) {
        deleted++;
      }
    }
    return deleted;
  }
}
