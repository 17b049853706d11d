package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.LineageException;
import dev.lineage.internal.s3.S3ProxyAccess;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server dies in the middle of a put and comes back: the put completed or threw a typed exception. */
class S3KillTest {
  @TempDir Path dir;

  @Test
  void aSinglePutInterruptedByAServerCrashLeavesNoHalfWrittenObject() throws Exception {
    crashDuring(24 << 20); // below the multipart threshold: one PUT
  }

  @Test
  void aMultipartUploadInterruptedByAServerCrashLeavesNoHalfWrittenObject() throws Exception {
    crashDuring(64 << 20); // above it: parts
  }

  private void crashDuring(int size) throws Exception {
    int port = S3ProxyAccess.freePort();
    Path data = Files.createDirectories(dir.resolve("blobstore-" + size));
    S3ProxyAccess server = S3ProxyAccess.startPersistent(dir, port, data);
    byte[] content = new byte[size];
    new Random(3).nextBytes(content);
    S3Backend backend;
    try {
      server.createBucket("crash");
      backend = S3Backend.builder().bucket("crash").endpoint(URI.create(server.endpoint())).pathStyle(true)
          .region("us-east-1").credentials(Credentials.of(server.identity(), server.credential())).maxAttempts(2)
          .build();
      // The crash is set off by the upload's own progress: once half of the body has gone out. A single put reads
      // the payload twice (hashing it, then sending it), a multipart upload once, as it sends the parts.
      long crashAt = size > S3Backend.MULTIPART_THRESHOLD ? size / 2 : size + size / 2;
      java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.CountDownLatch halfSent = new java.util.concurrent.CountDownLatch(1);
      Payload slow = new Payload() {
        @Override
        public long length() {
          return content.length;
        }

        @Override
        public InputStream open() {
          return new java.io.ByteArrayInputStream(content) {
            private long sincePause;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
              // A slow link, 1 MiB every 20 ms, so the crash lands while the body is in flight. This sleep waits
              // for nothing: it is the link's slowness itself. The crash is set off by a signal (halfSent, on the
              // bytes read), never by time. A pause per read made it 18 s: the client reads a few KiB at a time.
              if (sincePause >= 1 << 20) {
                sincePause = 0;
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              int n = super.read(b, off, Math.min(len, 1 << 16));
              sincePause += Math.max(n, 0);
              if (n > 0 && read.addAndGet(n) >= crashAt) {
                halfSent.countDown();
              }
              return n;
            }
          };
        }
      };
      CompletableFuture<Object> put = CompletableFuture.supplyAsync(() -> {
        try {
          return backend.putIfAbsent("blobs/big", slow);
        } catch (LineageException typed) {
          return typed;
        }
      });
      assertTrue(halfSent.await(2, TimeUnit.MINUTES), "the upload got halfway");
      assertFalse(put.isDone(), "the crash comes while the body is in flight, not after the put: " + put);
      server.close(); // kill -9: the body is half sent
      Object outcome = put.get(2, TimeUnit.MINUTES);
      System.out.println("put of " + size + " bytes during the crash ended with: " + outcome);
      assertTrue(outcome instanceof PutResult || outcome instanceof LineageException,
          "completed or a typed exception, was " + outcome);
    } finally {
      server.close();
    }
    S3ProxyAccess restarted = S3ProxyAccess.startPersistent(dir, port, data);
    try {
      S3Backend after = S3Backend.builder().bucket("crash").endpoint(URI.create(restarted.endpoint())).pathStyle(true)
          .region("us-east-1").credentials(Credentials.of(restarted.identity(), restarted.credential())).build();
      Optional<InputStream> stored = after.get("blobs/big");
      if (stored.isPresent()) {
        try (InputStream in = stored.get()) {
          assertEquals(sha(content), sha(in.readAllBytes()), "a visible object is whole");
        }
      }
      assertEquals(stored.isPresent() ? PutResult.ALREADY_EXISTS : PutResult.CREATED,
          after.putIfAbsent("blobs/big", Payload.of(content)), "the key is usable after the crash");
      try (InputStream in = after.get("blobs/big").orElseThrow()) {
        assertEquals(sha(content), sha(in.readAllBytes()));
      }
    } finally {
      restarted.close();
    }
  }

  private static String sha(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
