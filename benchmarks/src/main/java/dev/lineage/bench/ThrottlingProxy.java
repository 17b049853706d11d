package dev.lineage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback TCP proxy that caps each connection's upload (client to server) at a fixed rate: a model of a
 * network path where one connection cannot use the whole link, as with a remote object store. Bytes pass
 * unchanged, so signed requests stay valid.
 */
final class ThrottlingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstreamPort;
  private final long bytesPerSecond;

  ThrottlingProxy(int upstreamPort, long bytesPerSecond) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.upstreamPort = upstreamPort;
    this.bytesPerSecond = bytesPerSecond;
    Thread accept = new Thread(this::accept, "throttling-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        pump(client, server, bytesPerSecond);
        pump(server, client, Long.MAX_VALUE);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Socket from, Socket to, long rate) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 << 10];
      long allowedAt = System.nanoTime(); // when the bytes sent so far may all have passed
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          if (rate != Long.MAX_VALUE) {
            // an idle connection earns no credit beyond 10 ms: it cannot then burst past the rate
            allowedAt = Math.max(allowedAt, System.nanoTime() - 10_000_000L) + n * 1_000_000_000L / rate;
            long wait = allowedAt - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
          }
        }
      } catch (IOException | InterruptedException e) {
        // the connection ended
      } finally {
        try {
          to.shutdownOutput();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "throttling-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
