package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Digest;
import dev.lineage.spi.ContentPut;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Large content named by its digest is read once: staged while it is hashed, copied server-side under its key,
 * the staging object deleted, and content already stored is not copied again.
 */
class S3StagedPutTest {
  private static final byte[] CONTENT = new byte[(int) S3Backend.MULTIPART_THRESHOLD + 5 * S3Backend.PART_BYTES / 2];

  static {
    new Random(42).nextBytes(CONTENT);
  }

  /** A payload that counts how often it is opened and how many bytes are read from it. */
  private static final class CountingPayload implements Payload {
    final AtomicInteger opens = new AtomicInteger();
    final AtomicLong bytesRead = new AtomicLong();

    @Override
    public long length() {
      return CONTENT.length;
    }

    @Override
    public InputStream open() {
      opens.incrementAndGet();
      return new FilterInputStream(new java.io.ByteArrayInputStream(CONTENT)) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            bytesRead.addAndGet(n);
          }
          return n;
        }

        @Override
        public int read() throws IOException {
          int c = super.read();
          if (c >= 0) {
            bytesRead.incrementAndGet();
          }
          return c;
        }
      };
    }
  }

  private static Digest sha256() throws Exception {
    return new Digest(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT)));
  }

  private static byte[] read(S3Backend backend, String key) throws IOException {
    try (InputStream in = backend.get(key).orElseThrow()) {
      return in.readAllBytes();
    }
  }

  @Test
  void largeContentIsReadOnceHashedWhileItGoesUpAndStoredUnderItsDigest() throws Exception {
    S3Backend backend = S3Fixture.newBackend();
    CountingPayload payload = new CountingPayload();
    ContentPut put = backend.putContent(payload, d -> "blobs/" + d.hex()).orElseThrow();
    assertEquals(sha256(), put.digest());
    assertEquals(PutResult.CREATED, put.result());
    assertEquals(1, payload.opens.get(), "opened once");
    assertEquals(CONTENT.length, payload.bytesRead.get(), "every byte read once");
    assertArrayEquals(CONTENT, read(backend, "blobs/" + put.digest().hex()));
    assertTrue(backend.listAll("staging/").isEmpty(), "no staging object left");

    ContentPut again = backend.putContent(new CountingPayload(), d -> "blobs/" + d.hex()).orElseThrow();
    assertEquals(new ContentPut(put.digest(), PutResult.ALREADY_EXISTS), again);
    assertTrue(backend.listAll("staging/").isEmpty(), "no staging object left after a duplicate either");
    backend.delete("blobs/" + put.digest().hex()); // the shared in-memory server keeps what tests leave
  }

  @Test
  void racingWritersOfTheSameContentHaveOneCreator() throws Exception {
    S3Backend backend = S3Fixture.newBackend();
    List<CompletableFuture<ContentPut>> puts = List.of(
        CompletableFuture.supplyAsync(() -> backend.putContent(new CountingPayload(), d -> "blobs/" + d.hex()).orElseThrow()),
        CompletableFuture.supplyAsync(() -> backend.putContent(new CountingPayload(), d -> "blobs/" + d.hex()).orElseThrow()));
    List<ContentPut> results = List.of(puts.get(0).get(), puts.get(1).get());
    assertEquals(1, results.stream().filter(r -> r.result() == PutResult.CREATED).count(), results.toString());
    assertEquals(sha256(), results.get(1).digest());
    assertArrayEquals(CONTENT, read(backend, "blobs/" + sha256().hex()));
    assertTrue(backend.listAll("staging/").isEmpty());
    backend.delete("blobs/" + sha256().hex());
  }

  @Test
  void smallContentIsLeftToTheCallerToHashFirst() throws Exception {
    S3Backend backend = S3Fixture.newBackend();
    assertTrue(backend.putContent(Payload.of(new byte[1024]), d -> "blobs/" + d.hex()).isEmpty());
  }
}
