package dev.lineage.internal.run;

import dev.lineage.RunId;
import dev.lineage.internal.Json;
import dev.lineage.internal.store.PutOnce;
import dev.lineage.internal.store.Records;
import dev.lineage.internal.store.StoreLayout;
import dev.lineage.spi.StorageBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * One writer's append-only log of params, tags and artifacts for a run: events are batched and each batch is
 * published as the next numbered object under the writer's own prefix, so no two writers ever contend.
 */
final class Journal {
  private final RunId runId;
  private final String writerId;
  private final StorageBackend backend;
  private final List<Records.Event> pending = new ArrayList<>();
  private long seq;

  Journal(RunId runId, String writerId, StorageBackend backend) {
    this.runId = runId;
    this.writerId = writerId;
    this.backend = backend;
  }

  synchronized void append(Records.Event event) {
    pending.add(event);
  }

  /** Publishes pending events as one object; on failure they stay pending for the next flush. */
  synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    Records.Journal doc = new Records.Journal(Records.JOURNAL_FORMAT, StoreLayout.FORMAT_VERSION,
        runId.value(), writerId, seq, List.copyOf(pending));
    String key = StoreLayout.journal(runId, writerId, seq);
    PutOnce.put(backend, key, Json.write(doc));
    seq++;
    pending.clear();
  }
}
