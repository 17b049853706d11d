package dev.lineage.internal.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.CorruptObjectException;
import dev.lineage.UnsupportedVersionException;
import dev.lineage.internal.Json;
import dev.lineage.internal.hash.Sha256;
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

  /**
   * A decoded document, the version it was written in, how many bytes it was read from, and its checksum
   * ({@code sha256:} and hex; null for a version-1 document, which has none). The checksum is a digest of
   * everything else in the document, so a document that names another's checksum names its whole content: the
   * links of a chain (docs/storage-format.md, "Chains").
   */
  public record Decoded<T>(int version, T doc, int length, String checksum) {}

  /** The checksum of a document {@link #encode} made ({@code sha256:} and hex), read from its last field. */
  public static String checksumOf(byte[] encoded) {
    return "sha256:" + new String(encoded, encoded.length - 66, 64, StandardCharsets.US_ASCII);
  }

  /** The document's bytes, in the current version of its format, sealed with its checksum. */
  public static byte[] encode(Format format, Object body) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("format", format.formatName);
    node.put("version", format.current);
    JsonNode fields = Json.mapper().valueToTree(body);
    fields.properties().forEach(f -> {
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
    Header header = header(key, plain);
    if (!format.formatName.equals(header.format())) {
      throw new CorruptObjectException(key, "is a " + header.format() + " document, not a " + format.formatName);
    }
    if (header.version() == null) {
      throw new CorruptObjectException(key, "has no version");
    }
    int version = header.version();
    if (version < format.oldest || version > format.current) {
      throw new UnsupportedVersionException(key, format.formatName, version, format.supported());
    }
    boolean sealed = plain != bytes;
    if (version >= format.checksummedFrom && !sealed) {
      throw new CorruptObjectException(key, "has no checksum (a version-" + version + " document ends with one; "
          + "truncated or edited?)");
    }
    if (version < format.checksummedFrom && sealed) {
      throw new CorruptObjectException(key, "a version-" + version + " document with a checksum was not written by "
          + "Lineage");
    }
    T doc;
    try {
      doc = Json.mapper().readValue(plain, type);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new CorruptObjectException(key, "does not hold a valid " + format.formatName + " (" + e.getMessage()
          + ")", e);
    }
    if (doc instanceof Bound bound) {
      String own = ownKey(key, bound);
      if (!own.equals(key)) {
        throw new CorruptObjectException(key, "holds the " + format.formatName + " of " + own
            + ", not its own (copied or moved into this place)");
      }
    }
    return new Decoded<>(version, doc, bytes.length, sealed ? checksumOf(bytes) : null);
  }

  private static String ownKey(String key, Bound bound) {
    try {
      return bound.storedAt();
    } catch (RuntimeException e) { // its identity fields name no object at all
      throw new CorruptObjectException(key, "names no object of this store as itself: " + e.getMessage(), e);
    }
  }

  /** A document's {@code format} and {@code version}; either is null where the document has none. */
  private record Header(String format, Integer version) {}

  /**
   * Reads the top-level fields up to {@code format} and {@code version} (the writer puts them first, so this
   * reads two fields), so that they are checked before a single field is bound and the document is parsed once,
   * by the binding itself, not into a tree first.
   */
  private static Header header(String key, byte[] plain) {
    String format = null;
    Integer version = null;
    boolean versionSeen = false;
    try (JsonParser p = Json.mapper().createParser(plain)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new CorruptObjectException(key, "not a JSON object");
      }
      while ((format == null || !versionSeen) && p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("format") && format == null) {
          format = p.getText();
        } else if (field.equals("version") && !versionSeen) {
          versionSeen = true;
          version = value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
              ? p.getIntValue() : null;
        }
        p.skipChildren();
      }
    } catch (java.io.IOException e) {
      throw new CorruptObjectException(key, "not a JSON document (" + e.getMessage() + ")", e);
    }
    return new Header(format, version);
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
