package dev.lineage.storage.fs;

import dev.lineage.Lineage;
import dev.lineage.RunHandle;
import dev.lineage.RunWriter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM that attaches a writer to a run, logs a point and makes it durable, says {@code attached} on stdout, then
 * waits for a line on stdin: {@code lose} records a loss and closes, {@code close} closes cleanly. Killed while it
 * waits, it is an executor that died with its writer open.
 */
public final class StatusWriterWorker {
  public static void main(String[] args) throws Exception {
    RunHandle handle;
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Path.of(args[0])))) {
      handle = (RunHandle) in.readObject();
    }
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Lineage lineage = Lineage.builder().store(handle.store().toString()).systemMetrics(false).build();
        RunWriter writer = lineage.attach(handle)) {
      writer.logMetric("partition_loss", 0.25, 7);
      writer.flush();
      System.out.println("attached");
      System.out.flush();
      String command = commands.readLine();
      if ("lose".equals(command)) {
        writer.markIncomplete("executor 2 lost the points of partition 7");
      } else if (!"close".equals(command)) {
        throw new IllegalStateException("unknown command " + command);
      }
    }
    System.out.println("closed");
  }
}
