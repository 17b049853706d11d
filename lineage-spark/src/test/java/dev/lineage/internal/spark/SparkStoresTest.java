package dev.lineage.internal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.InvalidInputException;
import java.net.URI;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkStoresTest {
  private static final URI STORE = URI.create("s3://ml-bucket/runs");

  /** Credentials every test sets, so none reads this machine's AWS configuration. */
  private static SparkConf conf() {
    return new SparkConf(false).set("spark.lineage.s3.access.key", "AKIA-LINEAGE")
        .set("spark.lineage.s3.secret.key", "s3cr3t");
  }

  @Test
  void lineagesOwnSettingsComeFirst() {
    SparkConf conf = conf().set("spark.lineage.s3.endpoint", "http://lineage-s3:9000")
        .set("spark.lineage.s3.region", "eu-west-1").set("spark.lineage.s3.pathStyle", "false")
        .set("spark.hadoop.fs.s3a.endpoint", "http://other:9000").set("spark.hadoop.fs.s3a.endpoint.region", "us-west-2")
        .set("spark.hadoop.fs.s3a.path.style.access", "true");
    URI uri = SparkStores.s3(STORE, conf).uri();
    assertEquals("s3://ml-bucket/runs/?endpoint=http%3A%2F%2Flineage-s3%3A9000&region=eu-west-1&pathStyle=false",
        uri.toString());
    assertFalse(uri.toString().contains("AKIA") || uri.toString().contains("s3cr3t"), "no secret in the URI");
  }

  @Test
  void sparksOwnS3aSettingsAreHonouredPerBucketFirst() {
    SparkConf conf = conf().set("spark.hadoop.fs.s3a.endpoint", "minio.internal:9000")
        .set("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
        .set("spark.hadoop.fs.s3a.path.style.access", "true")
        .set("spark.hadoop.fs.s3a.bucket.ml-bucket.endpoint.region", "ap-south-1")
        .set("spark.hadoop.fs.s3a.endpoint.region", "us-west-2");
    URI uri = SparkStores.s3(STORE, conf).uri();
    assertEquals("s3://ml-bucket/runs/?endpoint=http%3A%2F%2Fminio.internal%3A9000&region=ap-south-1", uri.toString());
  }

  @Test
  void theStoresUriWinsOverSettingsSoExecutorsOpenWhatTheDriverOpened() {
    SparkConf conf = conf().set("spark.lineage.s3.region", "eu-west-1");
    URI uri = SparkStores.s3(URI.create("s3://ml-bucket/runs?region=us-east-2"), conf).uri();
    assertTrue(uri.toString().contains("region=us-east-2"), uri.toString());
  }

  @Test
  void anAccessKeyWithoutItsSecretIsRefusedByName() {
    SparkConf conf = new SparkConf(false).set("spark.lineage.s3.access.key", "AKIA-LINEAGE")
        .set("spark.lineage.s3.region", "eu-west-1");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> SparkStores.s3(STORE, conf));
    assertTrue(e.getMessage().contains("spark.lineage.s3.secret.key"), e.getMessage());
    assertFalse(e.getMessage().contains("AKIA-LINEAGE"), "the key itself is not repeated: " + e.getMessage());
  }

  @Test
  void theSecretSettingsAreNeverRecordedWithTheConfiguration() {
    for (String key : new String[] {"spark.lineage.s3.access.key", "spark.lineage.s3.secret.key",
        "spark.lineage.s3.session.token", "spark.executorEnv.AWS_ACCESS_KEY_ID",
        "spark.executorEnv.AWS_SECRET_ACCESS_KEY", "spark.yarn.appMasterEnv.AWS_SESSION_TOKEN"}) {
      assertTrue(SparkConfRecord.secret(key), key);
    }
    assertFalse(SparkConfRecord.secret("spark.lineage.s3.endpoint"));
  }
}
