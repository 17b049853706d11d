package dev.lineage.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lineage.StorageException;
import java.io.IOException;
import java.io.InputStream;

/** The one JSON mapper for stored records: strict on read, compact and stable on write. */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      // Newer minor versions of a format may add fields; readers of this major version ignore them.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T read(InputStream in, Class<T> type, String what) {
    try (in) {
      return MAPPER.readValue(in, type);
    } catch (IOException e) {
      throw new StorageException("cannot decode " + what + ": " + e.getMessage(), e);
    }
  }

  public static <T> T read(byte[] in, com.fasterxml.jackson.core.type.TypeReference<T> type, String what) {
    try {
      return MAPPER.readValue(in, type);
    } catch (IOException e) {
      throw new StorageException("cannot decode " + what + ": " + e.getMessage(), e);
    }
  }

  public static <T> T read(byte[] in, Class<T> type, String what) {
    try {
      return MAPPER.readValue(in, type);
    } catch (IOException e) {
      throw new StorageException("cannot decode " + what + ": " + e.getMessage(), e);
    }
  }
}
