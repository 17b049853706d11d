package dev.lineage.internal.store;

import java.util.List;

/**
 * {@code rundata/{runId}/log/{writer}/{seq}.json}: one sealed batch of a writer's journal.
 *
 * @param sealedAt when the writer sealed the batch (absent in version 1): readers take the newest as the
 *     writer's last sign of life. A batch may hold no event at all: it is then a heartbeat.
 */
public record JournalDoc(String runId, String writer, long seq, Long sealedAt, List<JournalEvent> events)
    implements Bound {
  public JournalDoc {
    Check.ulid(runId, "runId");
    Check.ulid(writer, "writer");
    events = List.copyOf(Check.present(events, "events"));
  }

  @Override
  public String storedAt() {
    return Keys.journal(dev.lineage.RunId.of(runId), writer, seq);
  }
}
