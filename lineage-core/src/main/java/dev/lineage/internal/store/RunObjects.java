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

  public void writeStart(RunStartDoc doc) {
    RunId id = RunId.of(doc.runId());
    requireOurs(Keys.runStart(id), store.commit(Keys.runStart(id), Documents.encode(Format.RUN_START, doc), false));
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

  public Optional<RunEndDoc> end(RunId id) {
    return store.readDocument(Keys.runEnd(id), Format.RUN_END, RunEndDoc.class).map(Documents.Decoded::doc);
  }

  /** A journal batch sealed: its bytes never change, however often they must be offered. */
  public record SealedBatch(String key, long seq, byte[] bytes) {}

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
   * Checks that the owner's batches an end record vouches for are all there: a batch deleted after the run ended
   * is a {@link CorruptObjectException} naming it, not a run with fewer params that still reads as it ended.
   */
  public void checkEnd(RunEndDoc end, List<Documents.Decoded<JournalDoc>> journals) {
    if (end.writer() == null) {
      return; // written before ends named their batches
    }
    long found = journals.stream().filter(j -> j.doc().writer().equals(end.writer())).count();
    if (found < end.batches()) {
      RunId id = RunId.of(end.runId());
      throw new CorruptObjectException(Keys.journal(id, end.writer(), found), "the run's end names "
          + end.batches() + " journal batches of its owner's writer " + end.writer() + ", and only " + found
          + " remain (deleted?)");
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
    Retry.run(() -> {
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
    for (int attempt = 1; ; attempt++) {
      byte[] bytes = store.read(key).orElseThrow(() -> new CorruptObjectException(key,
          "the metric segment a journal names is missing"));
      if (digest.isEmpty() || Sha256.of(bytes).toString().equals(digest.get())) {
        return bytes;
      }
      if (attempt == 3) {
        throw new CorruptObjectException(key, "its content does not match the digest its journal names ("
            + digest.get() + ")");
      }
    }
  }

  private static void requireOurs(String key, Committed c) {
    if (!c.ours()) {
      throw new ConflictException("object " + key + " already exists with other content");
    }
  }
}
