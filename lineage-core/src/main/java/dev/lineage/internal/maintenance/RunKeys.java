package dev.lineage.internal.maintenance;

import dev.lineage.RunId;
import dev.lineage.internal.Chars;
import dev.lineage.internal.Ulid;
import dev.lineage.internal.store.Keys;
import java.util.Optional;

/** What a key under {@code rundata/} is: a run's end record, a journal batch or a metric segment. */
record RunKeys(RunId run, Kind kind) {
  enum Kind {
    END,
    JOURNAL,
    SEGMENT
  }

  static Optional<RunKeys> parse(String key) {
    if (!key.startsWith(Keys.RUN_DATA)) {
      return Optional.empty();
    }
    String[] parts = key.substring(Keys.RUN_DATA.length()).split("/");
    if (parts.length < 2 || !Ulid.isValid(parts[0])) {
      return Optional.empty();
    }
    RunId run = RunId.of(parts[0]);
    if (parts.length == 2 && parts[1].equals("end.json")) {
      return Optional.of(new RunKeys(run, Kind.END));
    }
    if (parts.length == 4 && Ulid.isValid(parts[2]) && segmentOrBatch(parts[3])) {
      if (parts[1].equals("log") && parts[3].endsWith(".json")) {
        return Optional.of(new RunKeys(run, Kind.JOURNAL));
      }
      if (parts[1].equals("metrics") && parts[3].endsWith(".parquet")) {
        return Optional.of(new RunKeys(run, Kind.SEGMENT));
      }
    }
    return Optional.empty();
  }

  /** {@code 0000000042.json} or {@code 0000000042.parquet}. */
  private static boolean segmentOrBatch(String file) {
    return (file.length() == 15 && file.endsWith(".json") || file.length() == 18 && file.endsWith(".parquet"))
        && Chars.all(file, 0, 10, false);
  }
}
