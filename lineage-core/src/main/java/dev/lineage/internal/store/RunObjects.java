package dev.lineage.internal.store;

import dev.lineage.ConflictException;
import dev.lineage.CorruptObjectException;
import dev.lineage.Digest;
import dev.lineage.RunId;
import dev.lineage.StorageException;
import dev.lineage.internal.hash.Sha256;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A run's objects: its start and end records, every writer's journal batches and metric segments. */
public final class RunObjects {
  private final Store store;

  RunObjects(Store store) {
    this.store = store;
  }

  /** The run ids in the store after {@code after} (null: all), ascending, and the keys under runs/ that are not runs. */
  public record Listing(List<RunId> ids, List<String> strays) {}

  public Listing list(RunId after) {
    List<RunId> ids = new ArrayList<>();
    List<String> strays = new ArrayList<>();
    for (ObjectInfo o : store.list(Keys.RUNS, after == null ? null : Keys.runStart(after))) {
      Optional<RunId> id = Keys.runIdOfStart(o.key());
      if (id.isPresent()) {
        ids.add(id.get());
      } else {
        strays.add(o.key());
      }
    }
    return new Listing(ids, strays);
  }

  /** Writes a run's start record and returns its checksum, which the first batch of each writer names. */
  public String writeStart(RunStartDoc doc) {
    RunId id = RunId.of(doc.runId());
    byte[] bytes = Documents.encode(Format.RUN_START, doc);
    requireOurs(Keys.runStart(id), store.commit(Keys.runStart(id), bytes, false));
    return Documents.checksumOf(bytes);
  }

  public Optional<Documents.Decoded<RunStartDoc>> start(RunId id) {
    return store.readDocument(Keys.runStart(id), Format.RUN_START, RunStartDoc.class);
  }

  public boolean exists(RunId id) {
    return store.stat(Keys.runStart(id)).isPresent();
  }

  public boolean ended(RunId id) {
    return store.stat(Keys.runEnd(id)).isPresent();
  }

  /** Writes the end record; the first end of a run is final, so a different one already there is a conflict. */
  public void writeEnd(RunEndDoc doc) {
    String key = Keys.runEnd(RunId.of(doc.runId()));
    requireOurs(key, store.commit(key, Documents.encode(Format.RUN_END, doc), false));
  }

  public Optional<Documents.Decoded<RunEndDoc>> end(RunId id) {
    return store.readDocument(Keys.runEnd(id), Format.RUN_END, RunEndDoc.class);
  }

  /** A journal batch sealed: its bytes never change, however often they must be offered. */
  public record SealedBatch(String key, long seq, byte[] bytes) {
    /** What the next batch of its writer names as its predecessor. */
    public String checksum() {
      return Documents.checksumOf(bytes);
    }
  }

  public SealedBatch seal(JournalDoc doc) {
    return new SealedBatch(Keys.journal(RunId.of(doc.runId()), doc.writer(), doc.seq()), doc.seq(),
        Documents.encode(Format.RUN_LOG, doc));
  }

  public void commit(SealedBatch batch) {
    requireOurs(batch.key(), store.commit(batch.key(), batch.bytes(), false));
  }

  /**
   * Every writer's journal batches, by writer then sequence number. A writer commits its batches in order, so they
   * are numbered from 0 without a gap; a batch missing while a later one of its writer remains was deleted, and is
   * a {@link CorruptObjectException} naming it, never a silently shorter journal.
   */
  public List<Documents.Decoded<JournalDoc>> journals(RunId id) {
    List<Documents.Decoded<JournalDoc>> out = new ArrayList<>();
    String writer = null;
    long expected = 0;
    for (ObjectInfo o : store.list(Keys.journalPrefix(id), null)) {
      Documents.Decoded<JournalDoc> batch = store.requireDocument(o.key(), Format.RUN_LOG, JournalDoc.class);
      if (!batch.doc().writer().equals(writer)) {
        writer = batch.doc().writer();
        expected = 0;
      }
      if (batch.doc().seq() != expected) {
        throw new CorruptObjectException(Keys.journal(id, writer, expected), "journal batch " + expected
            + " of writer " + writer + " is missing while batch " + batch.doc().seq() + " remains (deleted?)");
      }
      expected++;
      out.add(batch);
    }
    return out;
  }

  /**
   * Checks a run's records against each other: the owner's batches its end vouches for are all there, and every
   * link of every chain holds (each batch names its predecessor's checksum, batch 0 the start's, the end its
   * owner's last batch). A batch deleted after the run ended, or any document swapped for another whose checksum
   * was recomputed, is a {@link CorruptObjectException} naming it, for this run alone. Records written before
   * chains carry none and are read as they are (docs/storage-format.md, "Chains").
   */
  public void checkRecords(Documents.Decoded<RunStartDoc> start, Optional<Documents.Decoded<RunEndDoc>> end,
      List<Documents.Decoded<JournalDoc>> journals) {
    RunId id = RunId.of(start.doc().runId());
    Documents.Decoded<JournalDoc> before = null;
    for (Documents.Decoded<JournalDoc> batch : journals) {
      boolean first = batch.doc().seq() == 0;
      Chains.link(batch.doc().storedAt(), batch.doc().prev(), first ? Keys.runStart(id) : before.doc().storedAt(),
          first ? start.checksum() : before.checksum(), !first && before.doc().prev() != null);
      before = batch;
    }
    if (end.isEmpty() || end.get().doc().writer() == null) {
      return; // no end, or one written before ends named their batches
    }
    RunEndDoc e = end.get().doc();
    List<Documents.Decoded<JournalDoc>> owners = journals.stream().filter(j -> j.doc().writer().equals(e.writer()))
        .toList();
    if (owners.size() < e.batches()) {
      throw new CorruptObjectException(Keys.journal(id, e.writer(), owners.size()), "the run's end names "
          + e.batches() + " journal batches of its owner's writer " + e.writer() + ", and only " + owners.size()
          + " remain (deleted?)");
    }
    if (e.batches() == 0) {
      Chains.link(Keys.runEnd(id), e.last(), Keys.runStart(id), start.checksum(), false);
    } else {
      Documents.Decoded<JournalDoc> last = owners.get((int) (e.batches() - 1));
      Chains.link(Keys.runEnd(id), e.last(), last.doc().storedAt(), last.checksum(), last.doc().prev() != null);
    }
  }

  public List<ObjectInfo> segments(RunId id) {
    return store.list(Keys.metricsPrefix(id), null);
  }

  /**
   * Publishes a local segment file as the writer's {@code seq}-th segment and returns the event that names it.
   * Offered again unchanged after an unknown outcome; an object already there with the same content is ours.
   */
  public JournalEvent.Segment commitSegment(RunId id, String writer, long seq, Path file, long points, long at) {
    String key = Keys.metricSegment(id, writer, seq);
    Sha256.Hashed hashed;
    try {
      hashed = Sha256.hash(file);
    } catch (IOException e) {
      throw new StorageException("cannot read metric segment file " + file + ": " + e.getMessage(), e);
    }
    store.retry().run(() -> {
      if (store.backend().putIfAbsent(key, Payload.of(file)) == PutResult.ALREADY_EXISTS
          && !hashed.digest().equals(digestOf(key))) {
        throw new ConflictException("metric segment " + key + " already exists with other content: writer ids "
            + "must be unique");
      }
      return null;
    });
    return new JournalEvent.Segment(at, key, hashed.digest().toString(), points, hashed.bytes());
  }

  private Digest digestOf(String key) {
    try (InputStream in = store.backend().get(key).orElseThrow(
        () -> new StorageException("metric segment " + key + " vanished after put-if-absent said it exists"))) {
      return Sha256.of(in);
    } catch (IOException e) {
      throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  /** A segment's bytes, verified against the digest its journal names (when it names one). */
  public byte[] segment(String key, Optional<String> digest) {
    return store.readNamed(key, digest.orElse(null), "the metric segment a journal names is missing",
        "its journal");
  }

  private static void requireOurs(String key, Committed c) {
    if (!c.ours()) {
      throw new ConflictException("object " + key + " already exists with other content");
    }
  }
}
