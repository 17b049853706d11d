package dev.lineage.internal.s3;

import dev.lineage.InvalidInputException;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import dev.lineage.storage.s3.S3Backend;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code s3://bucket/prefix} URIs, found through ServiceLoader. Credentials and region come from the usual AWS
 * configuration; {@code ?endpoint=}, {@code &region=} and {@code &pathStyle=true} (or the environment's
 * {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}) point it at an S3-compatible service.
 */
public final class S3Provider implements StorageProvider {
  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public StorageBackend open(URI uri) {
    if (uri.getHost() == null) {
      throw new InvalidInputException("store", "an S3 store is s3://bucket/prefix, was " + uri);
    }
    Map<String, String> query = query(uri.getRawQuery());
    S3Backend.Builder b = S3Backend.builder().bucket(uri.getHost())
        .prefix(uri.getPath() == null ? "" : uri.getPath());
    String endpoint = query.getOrDefault("endpoint", firstNonBlank(System.getenv("AWS_ENDPOINT_URL_S3"),
        System.getenv("AWS_ENDPOINT_URL")));
    if (endpoint != null) {
      b.endpoint(URI.create(endpoint));
    }
    if (query.containsKey("region")) {
      b.region(query.get("region"));
    }
    if (query.containsKey("pathStyle")) {
      b.pathStyle(Boolean.parseBoolean(query.get("pathStyle")));
    }
    return b.build();
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return m;
  }
}
