package dev.lineage.internal.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Test servers run as processes of their own (S3Proxy, S3Mock): started when they accept a connection. */
public final class ServerProcesses {
  private ServerProcesses() {}

  /**
   * Waits until {@code server} accepts a connection on {@code port} of the loopback address. Neither server says
   * it is ready any other way a test can wait on, so the port is polled; a server that exits or does not listen
   * within {@code limit} is an error carrying its log.
   */
  public static void awaitListening(Process server, int port, Path log, String name, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException(name + " exited with " + server.exitValue() + ": " + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100); // the next poll of the port
      }
    }
    server.destroyForcibly();
    throw new IllegalStateException(name + " did not listen on " + port + " within " + limit.toSeconds() + " s: "
        + Files.readString(log));
  }
}
