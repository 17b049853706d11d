package dev.lineage.internal.query;

/** Checks that bytes are an index table of the named kind, for store verification. */
public final class IndexTables {
  private IndexTables() {}

  /** Throws a {@link dev.lineage.CorruptObjectException} naming {@code key} if the table does not decode. */
  public static void check(String key, String table, byte[] bytes) {
    Table schema = RunTables.ALL.stream().filter(t -> t.name().equals(table)).findFirst()
        .orElseThrow(() -> new dev.lineage.CorruptObjectException(key, "is named as an index table '" + table
            + "', which index version " + RunTables.VERSION + " does not have"));
    TableColumns.read(bytes, key, schema);
  }
}
