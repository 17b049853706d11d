package dev.lineage.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.CorruptObjectException;
import dev.lineage.UnsupportedVersionException;
import dev.lineage.internal.Json;
import dev.lineage.internal.artifact.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one codec of the store's JSON documents. A document is a JSON object whose first fields are
 * {@code format} and {@code version} and whose last is {@code checksum}: {@code sha256:} and the hex SHA-256 of
 * the document's bytes as written without that field (docs/storage-format.md). Readers verify the checksum,
 * the format and the version before they bind a single field; version-1 documents, written before checksums,
 * are read without one.
 */
public final class Documents {
  private static final byte[] CHECKSUM_FIELD = ",\"checksum\":\"sha256:".getBytes(StandardCharsets.US_ASCII);
  /** {@code ,"checksum":"sha256:} + 64 hex digits + {@code "}}. */
  private static final int TRAILER = CHECKSUM_FIELD.length + 64 + 2;

  private Documents() {}

  /** A decoded document and the version it was written in. */
  public record Decoded<T>(int version, T doc) {}

  /** The document's bytes, in the current version of its format, sealed with its checksum. */
  public static byte[] encode(Format format, Object body) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("format", format.formatName);
    node.put("version", format.current);
    JsonNode fields = Json.mapper().valueToTree(body);
    fields.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("format") && !f.getKey().equals("version")) {
        node.set(f.getKey(), f.getValue());
      }
    });
    byte[] plain = Json.write(node);
    String hex = Sha256.of(plain).hex();
    byte[] out = Arrays.copyOf(plain, plain.length - 1 + TRAILER);
    System.arraycopy(CHECKSUM_FIELD, 0, out, plain.length - 1, CHECKSUM_FIELD.length);
    byte[] tail = (hex + "\"}").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tail, 0, out, plain.length - 1 + CHECKSUM_FIELD.length, tail.length);
    return out;
  }

  /**
   * Decodes the object stored under {@code key}. Throws {@link CorruptObjectException} if the bytes do not match
   * their checksum, do not parse, are another format or lack a field, and {@link UnsupportedVersionException} for
   * a version this Lineage does not read.
   */
  public static <T> Decoded<T> decode(String key, byte[] bytes, Format format, Class<T> type) {
    byte[] plain = verified(key, bytes);
    JsonNode node;
    try {
      node = Json.mapper().readTree(plain);
    } catch (java.io.IOException e) {
      throw new CorruptObjectException(key, "not a JSON document (" + e.getMessage() + ")", e);
    }
    if (node == null || !node.isObject()) {
      throw new CorruptObjectException(key, "not a JSON object");
    }
    String actualFormat = node.path("format").asText(null);
    if (!format.formatName.equals(actualFormat)) {
      throw new CorruptObjectException(key, "is a " + actualFormat + " document, not a " + format.formatName);
    }
    JsonNode v = node.get("version");
    if (v == null || !v.canConvertToInt()) {
      throw new CorruptObjectException(key, "has no version");
    }
    int version = v.intValue();
    if (version < format.oldest || version > format.current) {
      throw new UnsupportedVersionException(key, format.formatName, version, format.supported());
    }
    boolean sealed = plain != bytes;
    if (version >= 2 && !sealed) {
      throw new CorruptObjectException(key, "has no checksum (a version-" + version + " document ends with one; "
          + "truncated or edited?)");
    }
    if (version == 1 && sealed) {
      throw new CorruptObjectException(key, "a version-1 document with a checksum was not written by Lineage");
    }
    try {
      return new Decoded<>(version, Json.mapper().treeToValue(node, type));
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new CorruptObjectException(key, "does not hold a valid " + format.formatName + " (" + e.getMessage()
          + ")", e);
    }
  }

  /**
   * The document's bytes without its checksum field, once the checksum is verified; the bytes themselves if they
   * carry none (version 1, or damaged: the version check tells which).
   */
  private static byte[] verified(String key, byte[] bytes) {
    int at = bytes.length - TRAILER;
    if (at < 1 || !Arrays.equals(bytes, at, at + CHECKSUM_FIELD.length, CHECKSUM_FIELD, 0, CHECKSUM_FIELD.length)
        || bytes[bytes.length - 2] != '"' || bytes[bytes.length - 1] != '}') {
      return bytes;
    }
    String hex = new String(bytes, at + CHECKSUM_FIELD.length, 64, StandardCharsets.US_ASCII);
    byte[] plain = Arrays.copyOf(bytes, at + 1);
    plain[at] = '}';
    if (!Sha256.of(plain).hex().equals(hex)) {
      throw new CorruptObjectException(key, "its content does not match its checksum sha256:" + hex
          + " (edited or damaged)");
    }
    return plain;
  }
}
