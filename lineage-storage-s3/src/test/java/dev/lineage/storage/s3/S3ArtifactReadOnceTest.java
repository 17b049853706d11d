package dev.lineage.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.Lineage;
import dev.lineage.Run;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large artifact this machine has never hashed goes up staged (hashed while it is sent, so the file is read
 * once); the hash cache learns its digest, so producing the unchanged file again sends nothing but a HEAD.
 */
class S3ArtifactReadOnceTest {
  @TempDir Path dir;

  @Test
  void aNewLargeFileIsStagedOnceAndAnUnchangedOneIsNotSentAgain() throws Exception {
    List<String> requests = Collections.synchronizedList(new ArrayList<>());
    S3Backend backend = S3Fixture.counting("read-once", requests);
    byte[] content = new byte[(int) S3Backend.MULTIPART_THRESHOLD + S3Backend.PART_BYTES];
    new Random(7).nextBytes(content);
    Path model = Files.write(dir.resolve("model.bin"), content);
    Thread.sleep(2_100); // past the hash cache's racy window, so the digest it learns is kept
    Digest expected = new Digest(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    try (Lineage lineage = Lineage.builder().backend(backend).tempDir(dir).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("w")).systemMetrics(false).build()) {
      Artifact first;
      try (Run run = lineage.newRun("train")) {
        requests.clear();
        first = run.produce(model, "model");
        assertTrue(requests.stream().anyMatch(r -> r.contains("/staging/")), "staged: " + requests);
      }
      assertEquals(expected, first.digest());
      try (InputStream in = lineage.openArtifact(first)) {
        assertArrayEquals(content, in.readAllBytes());
      }
      assertTrue(backend.listAll("staging/").isEmpty(), "the staging object is gone");

      try (Run run = lineage.newRun("train-again")) {
        requests.clear();
        Artifact again = run.produce(model, "model");
        assertEquals(first, again);
        // One HEAD for the blob, and this writer's one look for a garbage collection in progress (a LIST of
        // maintenance/locks, before it first relies on stored content): nothing read, nothing sent.
        assertEquals(List.of("HEAD /read-once/blobs/sha256/" + expected.hex().substring(0, 2) + "/" + expected.hex(),
            "GET /read-once"), requests, "an unchanged file the store has is neither read nor sent");
        requests.clear();
        assertEquals(first, run.produce(model, "model"));
        assertEquals(1, requests.size(), "later reuses by the same writer cost the HEAD alone: " + requests);
        assertTrue(requests.get(0).startsWith("HEAD ") && requests.get(0).contains(expected.hex()), requests.get(0));
      }
    }
  }
}
