package dev.lineage.openlineage;

import dev.lineage.Artifact;
import dev.lineage.Experimental;
import dev.lineage.Fingerprint;
import dev.lineage.InvalidInputException;
import dev.lineage.ParamValue;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.internal.openlineage.CustomFacets;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Maps Lineage runs to OpenLineage run events (docs/openlineage.md): a START at the run's start and, once it has
 * ended, a COMPLETE (SUCCEEDED), FAIL (FAILED, with an error message facet) or ABORT (KILLED). A run still running
 * or abandoned has only its START. Jobs are named by the run's name in the job namespace; datasets are the runs'
 * artifacts, versioned by their digest. An artifact with a {@linkplain Artifact#location() location} is named by
 * OpenLineage's naming conventions for its file system (the client's {@code FilesystemDatasetUtils}, which the
 * Spark integration names files by: {@code file} and the path, {@code s3://bucket} and the key, ...), so the same
 * files seen by another tool's integration are the same dataset; one without (content given as a stream) is named
 * by its logical name, else its digest, in the dataset namespace. Params, the fingerprint and the step execution
 * ride as run facets; a nested run names its parent.
 *
 * @since 0.1.0
 */
@Experimental
public final class OpenLineageEvents {
  /** Who produced the events, in OpenLineage's sense. */
  public static final URI PRODUCER = URI.create("https://github.com/lineage-dev/lineage/tree/main/lineage-openlineage");
  /**
   * Where the custom facets' JSON schemas are published: the files under {@code openlineage/facets/} in this
   * module's jar, each facet's schema at a versioned path so a later change is a new file.
   */
  public static final String FACET_SCHEMAS =
      "https://raw.githubusercontent.com/lineage-dev/lineage/main/lineage-openlineage/src/main/resources/"
          + "openlineage/facets/1-0-0/";

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final String jobNamespace;
  private final String datasetNamespace;
  private final Function<dev.lineage.RunId, RunRecord> parents;

  /**
   * @param jobNamespace the namespace of the jobs (runs' names), for example {@code "lineage"}
   * @param datasetNamespace the namespace of the datasets (artifacts), for example the store's URI
   * @param parents looks up a parent run, to name its job in the parent facet
   */
  public OpenLineageEvents(String jobNamespace, String datasetNamespace,
      Function<dev.lineage.RunId, RunRecord> parents) {
    if (jobNamespace == null || jobNamespace.isBlank()) {
      throw new InvalidInputException("jobNamespace", "must not be blank");
    }
    if (datasetNamespace == null || datasetNamespace.isBlank()) {
      throw new InvalidInputException("datasetNamespace", "must not be blank");
    }
    if (parents == null) {
      throw new InvalidInputException("parents", "must not be null");
    }
    this.jobNamespace = jobNamespace;
    this.datasetNamespace = datasetNamespace;
    this.parents = parents;
  }

  /** The run's events, in order: START, then its end if it has ended. */
  public List<OpenLineage.RunEvent> of(RunRecord run) {
    List<OpenLineage.RunEvent> events = new ArrayList<>();
    events.add(event(run, OpenLineage.RunEvent.EventType.START, run.startedAt(), false));
    if (run.status().isFinished()) {
      OpenLineage.RunEvent.EventType end = run.status() == RunStatus.SUCCEEDED ? OpenLineage.RunEvent.EventType.COMPLETE
          : failed(run) ? OpenLineage.RunEvent.EventType.FAIL
          : OpenLineage.RunEvent.EventType.ABORT;
      events.add(event(run, end, run.endedAt().orElseThrow(), true));
    }
    return events;
  }

  /** FAILED, or INCOMPLETE: it said it succeeded, but what it logged was not all stored (a FAIL, with the loss). */
  private static boolean failed(RunRecord run) {
    return run.status() == RunStatus.FAILED || run.status() == RunStatus.INCOMPLETE;
  }

  private OpenLineage.RunEvent event(RunRecord r, OpenLineage.RunEvent.EventType type, Instant at, boolean end) {
    OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder()
        // Lineage is the engine, and this module the adapter that turns its runs into events: one version for both.
        .processing_engine(ol.newProcessingEngineRunFacet(version(), "lineage", version()))
        .put("lineage_params", params(r))
        .put("lineage_fingerprint", fingerprint(r.fingerprint()));
    r.step().ifPresent(s -> {
      OpenLineage.RunFacet step = CustomFacets.run(PRODUCER, schemaUrl("LineageStepRunFacet"));
      step.getAdditionalProperties().put("step", s.step());
      step.getAdditionalProperties().put("key", s.key().toString());
      step.getAdditionalProperties().put("outcome", s.outcome().name());
      s.entryRun().ifPresent(e -> step.getAdditionalProperties().put("entryRunId", RunUuids.of(e).toString()));
      facets.put("lineage_step", step);
    });
    r.parent().ifPresent(p -> {
      RunRecord parent = parents.apply(p);
      facets.parent(ol.newParentRunFacetBuilder()
          .run(ol.newParentRunFacetRun(RunUuids.of(p)))
          .job(ol.newParentRunFacetJob(jobNamespace, parent.name()))
          .build());
    });
    if (end && failed(r)) {
      facets.errorMessage(ol.newErrorMessageRunFacet(r.failure().orElse("failed"), "Java", null));
    }
    List<OpenLineage.InputDataset> inputs = new ArrayList<>();
    List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
    for (Artifact a : r.inputs()) {
      DatasetIdentifier id = dataset(a);
      inputs.add(ol.newInputDatasetBuilder().namespace(id.getNamespace()).name(id.getName())
          .facets(datasetFacets(a)).build());
    }
    if (end || !r.status().isFinished()) {
      for (Artifact a : r.outputs()) {
        DatasetIdentifier id = dataset(a);
        outputs.add(ol.newOutputDatasetBuilder().namespace(id.getNamespace()).name(id.getName())
            .facets(datasetFacets(a)).build());
      }
    }
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
        .run(ol.newRun(RunUuids.of(r.id()), facets.build()))
        .job(ol.newJobBuilder().namespace(jobNamespace).name(r.name())
            .facets(ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", "LINEAGE",
                r.step().isPresent() ? "STEP" : "RUN")).build()).build())
        .inputs(inputs)
        .outputs(outputs)
        .build();
  }

  /**
   * The dataset an artifact is: named by OpenLineage's conventions for its location's file system where it has a
   * location, else by its logical name (else its digest) in the dataset namespace.
   */
  private DatasetIdentifier dataset(Artifact a) {
    return a.location().map(FilesystemDatasetUtils::fromLocation)
        .orElseGet(() -> new DatasetIdentifier(a.name().orElse(a.digest().toString()), datasetNamespace));
  }

  private static URI schemaUrl(String facet) {
    return URI.create(FACET_SCHEMAS + facet + ".json#/$defs/" + facet);
  }

  private OpenLineage.DatasetFacets datasetFacets(Artifact a) {
    OpenLineage.DatasetFacet content = CustomFacets.dataset(PRODUCER, schemaUrl("LineageArtifactDatasetFacet"));
    content.getAdditionalProperties().put("digest", a.digest().toString());
    content.getAdditionalProperties().put("kind", a.kind().name());
    content.getAdditionalProperties().put("size", a.size());
    a.name().ifPresent(n -> content.getAdditionalProperties().put("name", n));
    return ol.newDatasetFacetsBuilder().version(ol.newDatasetVersionDatasetFacet(a.digest().toString()))
        .put("lineage_artifact", content).build();
  }

  private OpenLineage.RunFacet params(RunRecord r) {
    OpenLineage.RunFacet facet = CustomFacets.run(PRODUCER, schemaUrl("LineageParamsRunFacet"));
    Map<String, Map<String, String>> params = new TreeMap<>();
    for (Map.Entry<String, ParamValue> p : r.params().entrySet()) {
      params.put(p.getKey(), Map.of("type", p.getValue().type().name(), "value", p.getValue().text()));
    }
    facet.getAdditionalProperties().put("params", params);
    facet.getAdditionalProperties().put("lineageRunId", r.id().value());
    return facet;
  }

  private OpenLineage.RunFacet fingerprint(Fingerprint f) {
    OpenLineage.RunFacet facet = CustomFacets.run(PRODUCER, schemaUrl("LineageFingerprintRunFacet"));
    Map<String, Object> p = facet.getAdditionalProperties();
    f.gitCommit().ifPresent(c -> p.put("gitCommit", c));
    p.put("gitState", f.gitState().name());
    p.put("jvmVendor", f.jvmVendor());
    p.put("jvmVersion", f.jvmVersion());
    p.put("os", f.os());
    p.put("host", f.host());
    p.put("user", f.user());
    f.mainClass().ifPresent(c -> p.put("mainClass", c));
    p.put("classpathDigest", f.classpathDigest());
    p.put("environment", new TreeMap<>(f.environment()));
    return facet;
  }

  private static String version() {
    String v = OpenLineageEvents.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}
