package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.internal.store.InMemoryBackend;
import dev.lineage.query.RunQuery;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a run read or wrote each artifact is recorded with it: a file's absolute {@code file:} URI, or the URI the
 * caller gave with a stream; the same from the run's own objects and from the index; a location that breaks a
 * rule is refused, naming it, and nothing already recorded is lost.
 */
class ArtifactLocationTest {
  @TempDir Path tmp;

  private Lineage open(InMemoryBackend backend) {
    return Lineage.builder().backend(backend).tempDir(tmp).cacheDir(tmp.resolve("cache")).systemMetrics(false)
        .autoIndex(0).build();
  }

  private static ByteArrayInputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void filesDirectoriesAndStreamsCarryTheirLocationsThroughTheRecordAndTheIndex() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("my data"));
    Path csv = Files.writeString(data.resolve("train.csv"), "a,b\n1,2\n");
    InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/locations"));
    RunRecord written;
    try (Lineage lineage = open(backend)) {
      RunId id = lineage.run("train", run -> {
        run.use(csv, "train-data");
        run.use(tmp.resolve("my data/./../my data")); // the directory, named in a roundabout way
        run.use(URI.create("s3://bucket/tables/customers"), "customers", text("listing"));
        run.produce("report", text("in memory only"));
        return run.id();
      });
      written = lineage.runRecord(id);
      lineage.publishIndex();
    }
    assertEquals(List.of(Optional.of(URI.create("file://" + tmp.toUri().getRawPath() + "my%20data/train.csv")),
        Optional.of(URI.create("file://" + tmp.toUri().getRawPath() + "my%20data")),
        Optional.of(URI.create("s3://bucket/tables/customers"))),
        written.inputs().stream().map(Artifact::location).toList());
    assertEquals(Path.of(written.inputs().get(0).location().orElseThrow()), csv, "a file's URI names the file");
    assertEquals(Optional.empty(), written.outputs().get(0).location(), "a stream without a location has none");
    try (Lineage lineage = open(backend)) {
      assertEquals(List.of(written), lineage.graph().search(RunQuery.all()), "the index keeps every location");
      assertEquals(List.of(written), lineage.runs(RunQuery.all().name("train")));
    }
  }

  @Test
  void aLocationThatBreaksARuleIsRefusedNamingItAndTheRunGoesOn() {
    InMemoryBackend backend = new InMemoryBackend(URI.create("mem:/refused"));
    try (Lineage lineage = open(backend)) {
      RunId id = lineage.run("train", run -> {
        run.logParam("lr", 0.1);
        for (String bad : List.of("tables/customers", "mailto:someone@example.com",
            "s3://key:secret@bucket/tables", "s3://bucket/" + "k".repeat(2048))) {
          InvalidInputException e = assertThrows(InvalidInputException.class,
              () -> run.use(URI.create(bad), "customers", text("listing")), bad);
          assertEquals("artifact location", e.field(), e.getMessage());
          assertTrue(!e.getMessage().contains("secret"), "credentials are not repeated: " + e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> run.produce((URI) null, "customers", text("listing")));
        run.use(URI.create("wasbs://container@account.blob.core.windows.net/path"), "ok", text("listing"));
        return run.id();
      });
      RunRecord r = lineage.runRecord(id);
      assertEquals(RunStatus.SUCCEEDED, r.status());
      assertEquals(1, r.inputs().size(), "only the good location was recorded");
      assertEquals(0.1, r.params().get("lr").asDouble());
    }
  }
}
