package dev.lineage.openlineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.lineage.Lineage;
import dev.lineage.query.RunQuery;
import dev.lineage.samples.ChurnPipeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every event the exporter writes, and every facet in it, validates against its JSON schema: the official
 * OpenLineage specification's (the client's own version, test resources) for the event and the standard facets,
 * ours (in the module's jar) for the custom ones, each found by the {@code _schemaURL} the facet names. All
 * offline: every schema id maps to a local file.
 */
class OpenLineageSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SchemaRegistry registry;

  @TempDir Path dir;

  @BeforeAll
  static void schemas() throws IOException {
    Map<String, String> byId = new HashMap<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> official = Files.walk(resource("/openlineage-spec/OpenLineage.json").getParent());
        Stream<Path> ours = Files.list(resource("/openlineage/facets/1-0-0/LineageParamsRunFacet.json")
            .getParent())) {
      official.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
      ours.forEach(files::add);
    }
    for (Path f : files) {
      String text = Files.readString(f);
      byId.put(JSON.readTree(text).get("$id").asText(), text);
    }
    assertTrue(byId.keySet().stream().filter(id -> id.startsWith(OpenLineageEvents.FACET_SCHEMAS)).count() == 4,
        "our four facet schemas are published where the facets say: " + byId.keySet());
    registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(byId::get));
  }

  private static Path resource(String name) {
    try {
      return Path.of(OpenLineageSchemaTest.class.getResource(name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Error> validate(String schemaUrl, JsonNode node) {
    return registry.getSchema(SchemaLocation.of(schemaUrl)).validate(node);
  }

  @Test
  void everyEventAndEveryFacetValidatesAgainstItsSchema() throws Exception {
    try (Lineage lineage = Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).systemMetrics(false).build()) {
      ChurnPipeline.run(lineage, new ChurnPipeline.Params(500, 2, false, 0.01, 2));
      ChurnPipeline.run(lineage, new ChurnPipeline.Params(500, 2, false, 0.01, 2)); // every step a hit
      try (var run = lineage.newRun("pipeline")) {
        run.use(URI.create("s3://bucket/tables/customers"), "customers",
            new ByteArrayInputStream("listing".getBytes(StandardCharsets.UTF_8)));
        run.produce("report", new ByteArrayInputStream("no location".getBytes(StandardCharsets.UTF_8)));
        try (var child = run.newChild("stage")) {
          child.fail(new IllegalStateException("diverged"));
        }
        run.kill();
      }
      Path file = dir.resolve("events.ndjson");
      try (OpenLineageExport export = OpenLineageExport.to("file:" + file)) {
        export.export(lineage, RunQuery.all());
      }
      TreeSet<String> facetsSeen = new TreeSet<>();
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        JsonNode event = JSON.readTree(line);
        assertEquals(List.of(), validate(event.get("schemaURL").asText(), event), line);
        List<JsonNode> facets = new ArrayList<>();
        event.get("run").path("facets").properties().forEach(f -> facets.add(named(f.getKey(), f.getValue())));
        event.get("job").path("facets").properties().forEach(f -> facets.add(named(f.getKey(), f.getValue())));
        for (String side : List.of("inputs", "outputs")) {
          event.path(side).forEach(d -> d.path("facets").properties()
              .forEach(f -> facets.add(named(f.getKey(), f.getValue()))));
        }
        for (JsonNode facet : facets) {
          String name = facet.get("__name").asText();
          ObjectNode body = ((ObjectNode) facet).deepCopy();
          body.remove("__name");
          assertEquals(List.of(), validate(body.get("_schemaURL").asText(), body), name + " in " + line);
          facetsSeen.add(name);
        }
      }
      assertEquals(new TreeSet<>(List.of("errorMessage", "jobType", "lineage_artifact", "lineage_fingerprint",
          "lineage_params", "lineage_step", "parent", "processing_engine", "version")), facetsSeen,
          "every facet the exporter writes was checked");
    }
  }

  private static JsonNode named(String name, JsonNode facet) {
    ObjectNode copy = ((ObjectNode) facet).deepCopy();
    copy.put("__name", name);
    return copy;
  }

  @Test
  void ourSchemasRefuseAFacetThatBreaksThem() throws Exception {
    String url = OpenLineageEvents.FACET_SCHEMAS + "LineageArtifactDatasetFacet.json#/$defs/LineageArtifactDatasetFacet";
    ObjectNode good = (ObjectNode) JSON.readTree("{\"_producer\":\"https://example.com\",\"_schemaURL\":\"" + url
        + "\",\"digest\":\"sha256:" + "0".repeat(64) + "\",\"kind\":\"FILE\",\"size\":3}");
    assertEquals(List.of(), validate(url, good));
    assertFalse(validate(url, good.deepCopy().put("digest", "sha256:abc")).isEmpty(), "a digest of 64 hex digits");
    assertFalse(validate(url, good.deepCopy().put("kind", "LINK")).isEmpty(), "FILE or DIRECTORY");
    assertFalse(validate(url, good.deepCopy().put("size", -1)).isEmpty(), "a size >= 0");
    assertFalse(validate(url, good.deepCopy().put("sizes", 3)).isEmpty(), "no field the schema does not declare");
    ObjectNode noProducer = good.deepCopy();
    noProducer.remove("_producer");
    assertFalse(validate(url, noProducer).isEmpty(), "the base facet's required fields, through the official spec");
  }

}
