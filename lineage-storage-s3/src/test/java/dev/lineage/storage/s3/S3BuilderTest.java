package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The builder's options are set once, each checked when set, and building leaves the builder as it was. */
class S3BuilderTest {
  private static final Credentials ANY = Credentials.of("AKIAEXAMPLE", "secret-never-shown");

  @Test
  void aSecondSetIsRefusedNamingTheFirstValue() {
    Map<String, UnaryOperator<S3Backend.Builder>> once = Map.of(
        "bucket", b -> b.bucket("ml-bucket"),
        "prefix", b -> b.prefix("team/runs"),
        "endpoint", b -> b.endpoint(URI.create("http://minio.internal:9000")),
        "pathStyle", b -> b.pathStyle(true),
        "region", b -> b.region("eu-west-1"),
        "credentials", b -> b.credentials(ANY),
        "timeout", b -> b.timeout(Duration.ofSeconds(5)),
        "maxAttempts", b -> b.maxAttempts(3),
        "maxRetryTime", b -> b.maxRetryTime(Duration.ofSeconds(7)));
    once.forEach((field, set) -> {
      S3Backend.Builder b = set.apply(S3Backend.builder());
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> set.apply(b), field);
      assertTrue(e.getMessage().contains(field) && e.getMessage().contains("was already set to"), e.getMessage());
      assertFalse(e.getMessage().contains("secret-never-shown"), "no secret in the message: " + e.getMessage());
    });
    InvalidInputException prefix = assertThrows(InvalidInputException.class,
        () -> S3Backend.builder().prefix("team/runs").prefix("other"));
    assertTrue(prefix.getMessage().contains("'team/runs/'"), "the earlier value: " + prefix.getMessage());
  }

  /** What a store URI sets is set: the builder refuses it again rather than letting the later value win quietly. */
  @Test
  void aStoreUriSetsWhatItNamesAndLeavesTheRest() {
    S3Backend.Builder b = S3Backend.builder().uri(URI.create("s3://ml-bucket/runs?region=eu-west-1"));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> b.region("us-east-1"));
    assertTrue(e.getMessage().contains("eu-west-1"), e.getMessage());
    S3Backend built = b.endpoint(URI.create("http://minio.internal:9000")).credentials(ANY).build();
    assertEquals("s3://ml-bucket/runs/?endpoint=http%3A%2F%2Fminio.internal%3A9000&region=eu-west-1",
        built.uri().toString());
  }

  @Test
  void buildingResolvesDefaultsWithoutChangingTheBuilder() {
    S3Backend.Builder b = S3Backend.builder().bucket("ml-bucket").credentials(ANY);
    S3Backend onAws = b.build();
    assertTrue(onAws.uri().toString().startsWith("s3://ml-bucket/?region="), onAws.uri().toString());
    assertEquals("/k", onAws.path("k"), "virtual hosts on AWS");
    // The defaults the first build resolved (region, AWS's endpoint for it) were not written into the builder: a
    // region set after is AWS's endpoint for that region, not a custom endpoint left over from the first build.
    S3Backend inIreland = b.region("eu-west-1").build();
    assertEquals("s3://ml-bucket/?region=eu-west-1", inIreland.uri().toString());
    S3Backend elsewhere = S3Backend.builder().bucket("ml-bucket").credentials(ANY).region("eu-west-1")
        .endpoint(URI.create("http://minio.internal:9000")).build();
    assertEquals("/ml-bucket/k", elsewhere.path("k"), "path style, the default on another endpoint");
  }
}
