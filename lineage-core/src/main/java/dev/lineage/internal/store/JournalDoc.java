package dev.lineage.internal.store;

import java.util.List;

/**
 * {@code rundata/{runId}/log/{writer}/{seq}.json}: one sealed batch of a writer's journal.
 *
 * @param sealedAt when the writer sealed the batch (absent in version 1): readers take the newest as the
 *     writer's last sign of life. A batch may hold no event at all: it is then a heartbeat.
 * @param prev the checksum of the batch before it in its writer's journal, or for batch 0 of the run's start
 *     record (absent before 2026-12-07): the link that chains a writer's batches to each other and to the run
 */
public record JournalDoc(String runId, String writer, long seq, Long sealedAt, String prev, List<JournalEvent> events)
    implements Bound {
  public JournalDoc {
    Check.ulid(runId, "runId");
    Check.ulid(writer, "writer");
    Check.optionalDigest(prev, "prev");
    events = List.copyOf(Check.present(events, "events"));
  }

  @Override
  public String storedAt() {
    return Keys.journal(dev.lineage.RunId.of(runId), writer, seq);
  }
}
