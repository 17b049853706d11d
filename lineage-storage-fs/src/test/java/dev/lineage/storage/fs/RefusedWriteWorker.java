package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.LineageException;
import dev.lineage.StorageException;
import java.nio.file.Path;

/** A JVM that may read a store but not write it, as a user without permission on a shared folder is. */
public final class RefusedWriteWorker {
  public static void main(String[] args) {
    try (Lineage lineage = Lineage.builder().store(args[0]).cacheDir(Path.of(args[1])).systemMetrics(false)
        .build()) {
      System.out.println("runs " + lineage.runs(dev.lineage.query.RunQuery.all()).size());
      try {
        lineage.newRun("refused");
        System.out.println("wrote");
      } catch (StorageException e) {
        System.out.println("caught as StorageException: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (LineageException e) {
        System.out.println("not a StorageException: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
