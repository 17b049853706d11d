package dev.lineage.internal.store;

import dev.lineage.CorruptObjectException;
import dev.lineage.Digest;
import dev.lineage.StorageException;
import dev.lineage.StoreProblem;
import dev.lineage.spi.ObjectInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The step cache's entries, one per step key, each published once (docs/step-cache.md). */
public final class StepEntries {
  private final Store store;

  StepEntries(Store store) {
    this.store = store;
  }

  /** See {@link Store#requireWritable}. */
  public void requireWritable(String what) {
    store.requireWritable(what);
  }

  public Optional<StepEntryDoc> read(String step, Digest key) {
    String k = Keys.stepCacheEntry(step, key);
    return store.readDocument(k, Format.STEP_ENTRY, StepEntryDoc.class).map(d -> checked(k, d.doc(), step, key));
  }

  /** An entry read from its own key (the decoder checks that) whose key text, where it has one, is its key's. */
  private static StepEntryDoc checked(String k, StepEntryDoc doc, String step, Digest key) {
    if (doc.keyText() != null && !dev.lineage.internal.hash.Sha256.of(doc.keyText().getBytes(
        java.nio.charset.StandardCharsets.UTF_8)).equals(key)) {
      throw new CorruptObjectException(k, "records a key text whose digest is not its key");
    }
    return doc;
  }

  /** The outcome of publishing, and for a lost race the entry that stands. */
  public record Published(boolean ours, Optional<StepEntryDoc> standing) {}

  /** Publishes the entry; read back after creation, so an overwrite by a racing writer is a lost race, not a win. */
  public Published publish(StepEntryDoc doc) {
    String k = Keys.stepCacheEntry(doc.step(), new Digest(doc.key()));
    Committed c = store.commit(k, Documents.encode(Format.STEP_ENTRY, doc), true);
    if (c.ours()) {
      return new Published(true, Optional.empty());
    }
    return new Published(false, Optional.of(checked(k,
        Documents.decode(k, c.existing(), Format.STEP_ENTRY, StepEntryDoc.class).doc(), doc.step(),
        new Digest(doc.key()))));
  }

  /** Every readable entry under {@code prefix} ({@link Keys#STEP_CACHE} for all), and the ones that are not. */
  public record Listing(List<StepEntryDoc> entries, List<StoreProblem> problems) {}

  public Listing list(String step) {
    return listUnder(Keys.stepCachePrefix(step), step);
  }

  public Listing all() {
    return listUnder(Keys.STEP_CACHE, null);
  }

  private Listing listUnder(String prefix, String step) {
    List<StepEntryDoc> entries = new ArrayList<>();
    List<StoreProblem> problems = new ArrayList<>();
    for (ObjectInfo o : store.list(prefix, null)) {
      try {
        StepEntryDoc e = store.requireDocument(o.key(), Format.STEP_ENTRY, StepEntryDoc.class).doc();
        if (step == null || e.step().equals(step)) { // else another name with the same 128-bit prefix hash
          entries.add(e);
        }
      } catch (StorageException e) {
        problems.add(StoreProblem.of(o.key(), Optional.empty(), e));
      }
    }
    return new Listing(entries, problems);
  }

  /**
   * The step's most recently stored entries that record their key's text, newest first, to tell a miss why:
   * the {@value #RECENT} newest objects the listing dates (every one, if the backend dates none).
   */
  public List<StepEntryDoc> recentWithKeyText(String step) {
    List<ObjectInfo> listed = new ArrayList<>(store.list(Keys.stepCachePrefix(step), null));
    listed.sort(java.util.Comparator.comparing((ObjectInfo o) -> o.lastModified().orElse(java.time.Instant.MAX))
        .reversed());
    List<StepEntryDoc> recent = new ArrayList<>();
    for (ObjectInfo o : listed) {
      if (recent.size() >= RECENT && o.lastModified().isPresent()) {
        break;
      }
      try {
        StepEntryDoc e = store.requireDocument(o.key(), Format.STEP_ENTRY, StepEntryDoc.class).doc();
        if (e.step().equals(step) && e.keyText() != null) {
          recent.add(e);
        }
      } catch (StorageException unreadable) {
        // another entry will do; this one is reported by verify and by the listing
      }
    }
    recent.sort(java.util.Comparator.comparingLong(StepEntryDoc::createdAt).reversed());
    return recent;
  }

  /** Entries read to explain a miss. */
  private static final int RECENT = 8;

  /** Deletes one entry: an explicit invalidation by the user. */
  public boolean delete(String step, Digest key) {
    return store.delete(Keys.stepCacheEntry(step, key));
  }
}
