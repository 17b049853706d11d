package dev.lineage.internal.s3;

import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageProvider;
import dev.lineage.storage.s3.S3Backend;
import java.net.URI;

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
    S3Backend.Builder b = S3Backend.builder().uri(uri);
    String query = uri.getRawQuery() == null ? "" : "&" + uri.getRawQuery();
    String endpoint = firstNonBlank(System.getenv("AWS_ENDPOINT_URL_S3"), System.getenv("AWS_ENDPOINT_URL"));
    if (!query.contains("&endpoint=") && endpoint != null) {
      b.endpoint(URI.create(endpoint));
    }
    return b.build();
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
  }
}
