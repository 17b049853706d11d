package dev.lineage.internal.step;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.StorageException;
import dev.lineage.internal.Names;
import dev.lineage.internal.store.StepEntries;
import dev.lineage.internal.store.StepEntryDoc;
import dev.lineage.step.StepCache;
import dev.lineage.step.StepCacheEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lists and invalidates step cache entries in the store. */
public final class DefaultStepCache implements StepCache {
  private final StepEntries entries;

  public DefaultStepCache(StepEntries entries) {
    this.entries = entries;
  }

  @Override
  public List<StepCacheEntry> entries(String step) {
    Names.checkName("step name", step);
    StepEntries.Listing listing = entries.list(step);
    if (!listing.problems().isEmpty()) {
      throw new StorageException("step '" + step + "' has entries that cannot be read: " + listing.problems());
    }
    return listing.entries().stream().map(DefaultStepCache::toEntry)
        .sorted(Comparator.comparing(StepCacheEntry::createdAt)).toList();
  }

  static StepCacheEntry toEntry(StepEntryDoc e) {
    Map<String, Artifact> outputs = new LinkedHashMap<>();
    e.outputs().forEach(o -> outputs.put(o.name(), new Artifact(Digest.parse(o.digest()), o.kind(), o.size(),
        Optional.of(o.name()))));
    return new StepCacheEntry(e.step(), new Digest(e.key()), RunId.of(e.run()), Instant.ofEpochMilli(e.createdAt()),
        outputs);
  }

  @Override
  public int invalidate(String step) {
    Names.checkName("step name", step);
    entries.requireWritable("invalidating step cache entries");
    int deleted = 0;
    for (StepEntryDoc entry : entries.list(step).entries()) {
      if (entries.delete(step, new Digest(entry.key()))) {
        deleted++;
      }
    }
    return deleted;
  }
}
