package dev.lineage.storage.fs;

import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.testkit.JvmProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A separate JVM racing put-if-absent: waits for a start file, then writes keys and prints the ones it won. */
public final class PutRaceWorker {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String worker = args[1];
    int keys = Integer.parseInt(args[2]);
    Path go = Path.of(args[3]);
    FileSystemBackend backend = FileSystemBackend.open(root);
    JvmProcesses.readyThenAwait(go);
    StringBuilder won = new StringBuilder();
    for (int k = 0; k < keys; k++) {
      String key = "race/" + k;
      if (backend.putIfAbsent(key, Payload.of(PutRaceWorker.content(worker, key))) == PutResult.CREATED) {
        won.append(key).append('\n');
      }
    }
    Files.writeString(root.resolveSibling("won-" + worker), won.toString());
  }

  static byte[] content(String worker, String key) {
    return (worker + "|" + key + "|").repeat(500).getBytes(StandardCharsets.UTF_8);
  }
}
