package dev.lineage.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lineage.spi.Payload;
import dev.lineage.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/** What someone with write access to the bucket can do to a store's objects, for tests that must catch it. */
final class Tamper {
  private Tamper() {}

  static String read(StorageBackend backend, String key) {
    try (InputStream in = backend.get(key).orElseThrow(() -> new AssertionError("no object " + key))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Replaces an object's bytes (the backend never overwrites, so delete, then put). */
  static void replace(StorageBackend backend, String key, String content) {
    backend.delete(key);
    backend.putIfAbsent(key, Payload.of(content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Edits a document's body and recomputes its checksum by the documented rule (docs/storage-format.md), so that
   * the checksum alone cannot tell.
   */
  static void reseal(StorageBackend backend, String key, UnaryOperator<String> change) {
    String before = read(backend, key);
    String plain = before.substring(0, before.lastIndexOf(",\"checksum\":\"sha256:")) + "}";
    String after = change.apply(plain);
    assertFalse(after.equals(plain), "the edit changed nothing in " + key);
    replace(backend, key, after.substring(0, after.length() - 1) + ",\"checksum\":\"sha256:"
        + sha256(after.getBytes(StandardCharsets.UTF_8)) + "\"}");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
