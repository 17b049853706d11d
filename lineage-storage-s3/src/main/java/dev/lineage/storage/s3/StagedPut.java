package dev.lineage.storage.s3;

import dev.lineage.Digest;
import dev.lineage.internal.s3.WriteIds;
import dev.lineage.spi.ContentPut;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.StorageKeys;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Content whose key is named by its digest, read once: it goes up in parts to a staging key while it is hashed,
 * then is copied server-side under {@code keyOf(digest)} (put-if-absent) and the staging object deleted. If the
 * content is already stored, nothing is copied. A staging object outlives only a crash between its upload and
 * its deletion: {@code staging/} holds nothing else, and a lifecycle rule may expire it (docs/s3.md).
 */
final class StagedPut {
  static final String STAGING = "staging/";
  private static final System.Logger LOG = System.getLogger(StagedPut.class.getName());

  private final S3Backend s3;
  private final String prefix;

  StagedPut(S3Backend s3, String prefix) {
    this.s3 = s3;
    this.prefix = prefix;
  }

  ContentPut run(Payload payload, Function<Digest, String> keyOf) {
    String staging = prefix + STAGING + WriteIds.next();
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    RuntimeException failure = null;
    try {
      long[] size = {0};
      new MultipartUpload(s3, "staged content", staging, payload).stage(part -> {
        sha256.update(part);
        size[0] += part.length;
      });
      Digest digest = new Digest(HexFormat.of().formatHex(sha256.digest()));
      String key = StorageKeys.check(keyOf.apply(digest));
      String objectKey = prefix + key;
      if (s3.head(objectKey).isPresent()) {
        return new ContentPut(digest, PutResult.ALREADY_EXISTS);
      }
      return new ContentPut(digest, new MultipartUpload(s3, key, objectKey, payload).copyOf(staging, size[0]));
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      try {
        s3.deleteObject(staging);
      } catch (RuntimeException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else { // the content is stored; only the staging copy is left behind
          LOG.log(System.Logger.Level.WARNING, "could not delete staging object " + staging, e);
        }
      }
    }
  }
}
