package dev.lineage.internal.store;

import dev.lineage.spi.Payload;
import dev.lineage.spi.StorageBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A store doctor's racer in a process of its own: opens the store's backend from its URI (with this process's
 * environment, as any other writer would), says {@code ready}, then for each round number read from standard input
 * puts its own bytes under the round's key, once, and prints the answer. Started by the store doctor
 * (internal.maintenance.StoreDoctor); not an API.
 */
public final class DoctorRacer {
  private DoctorRacer() {}

  public static void main(String[] args) throws Exception {
    String prefix = args[1];
    if (!prefix.startsWith(Keys.DOCTOR)) {
      throw new IllegalArgumentException("not a probe prefix: " + prefix);
    }
    byte[] mine = ("process " + args[2]).getBytes(StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (StorageBackend backend = Backends.open(URI.create(args[0]))) {
      out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String round; (round = in.readLine()) != null; ) {
        String answer;
        try {
          answer = backend.putIfAbsent(prefix + Integer.parseInt(round.trim()), Payload.of(mine)).name();
        } catch (RuntimeException e) {
          answer = "ERROR " + e;
        }
        out.println(round.trim() + " " + answer);
      }
    }
  }
}
