package dev.lineage.internal.spark;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.storage.s3.Credentials;
import dev.lineage.storage.s3.S3Backend;
import java.net.URI;
import java.util.Optional;
import org.apache.spark.SparkConf;

/**
 * Opens the application's store in the driver and in every executor from Spark's configuration alone, so nothing
 * depends on an executor's environment: an {@code s3://} store takes its endpoint, region and credentials from
 * {@code spark.lineage.s3.*}, else from Spark's own S3A settings ({@code spark.hadoop.fs.s3a.*}, per bucket first),
 * else from the JVM's AWS configuration. Credentials travel as Spark's configuration does and are never part of
 * the store's URI, so the run never records them.
 */
final class SparkStores {
  static final String PREFIX = "spark.lineage.s3.";
  private static final String S3A = "spark.hadoop.fs.s3a.";

  private SparkStores() {}

  static Lineage.Builder builder(String store, SparkConf conf) {
    return store.startsWith("s3://") ? Lineage.builder().backend(s3(URI.create(store), conf))
        : Lineage.builder().store(store);
  }

  static S3Backend s3(URI uri, SparkConf conf) {
    String bucket = uri.getHost();
    String query = uri.getRawQuery() == null ? "" : "&" + uri.getRawQuery();
    S3Backend.Builder s3 = S3Backend.builder().uri(uri);
    if (!query.contains("&endpoint=")) {
      setting(conf, bucket, "endpoint", "endpoint").map(e -> endpoint(e, conf, bucket)).ifPresent(s3::endpoint);
    }
    if (!query.contains("&region=")) {
      setting(conf, bucket, "region", "endpoint.region").ifPresent(s3::region);
    }
    if (!query.contains("&pathStyle=")) {
      setting(conf, bucket, "pathStyle", "path.style.access").map(Boolean::parseBoolean).ifPresent(s3::pathStyle);
    }
    Optional<String> access = setting(conf, bucket, "access.key", "access.key");
    Optional<String> secret = setting(conf, bucket, "secret.key", "secret.key");
    if (access.isPresent() != secret.isPresent()) {
      throw new InvalidInputException(PREFIX + (access.isPresent() ? "secret.key" : "access.key"),
          "an access key and a secret key are set together, or neither (the other one is set)");
    }
    if (access.isPresent()) {
      s3.credentials(new Credentials(access.get(), secret.get(),
          setting(conf, bucket, "session.token", "session.token")));
    }
    return s3.build();
  }

  /** Lineage's own setting, else S3A's for the bucket, else S3A's for every bucket. */
  private static Optional<String> setting(SparkConf conf, String bucket, String ours, String s3a) {
    for (String key : new String[] {PREFIX + ours, S3A + "bucket." + bucket + "." + s3a, S3A + s3a}) {
      if (conf.contains(key) && !conf.get(key).isBlank()) {
        return Optional.of(conf.get(key).trim());
      }
    }
    return Optional.empty();
  }

  /** S3A takes a host without a scheme, and HTTPS unless {@code fs.s3a.connection.ssl.enabled} is false. */
  private static URI endpoint(String value, SparkConf conf, String bucket) {
    if (value.contains("://")) {
      return URI.create(value);
    }
    boolean tls = setting(conf, bucket, "connection.ssl.enabled", "connection.ssl.enabled")
        .map(Boolean::parseBoolean).orElse(true);
    return URI.create((tls ? "https://" : "http://") + value);
  }
}
