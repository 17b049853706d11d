package dev.lineage.openlineage;

import dev.lineage.Artifact;
import dev.lineage.Experimental;
import dev.lineage.Fingerprint;
import dev.lineage.InvalidInputException;
import dev.lineage.ParamValue;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import io.openlineage.client.OpenLineage;
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
 * artifacts, named by their logical name (else their digest) in the dataset namespace, versioned by their digest;
 * params, the fingerprint and the step execution ride as run facets; a nested run names its parent.
 *
 * @since 0.1.0
 */
@Experimental
public final class OpenLineageEvents {
  /** Who produced the events, in OpenLineage's sense. */
  public static final URI PRODUCER = URI.create("https://github.com/lineage-dev/lineage/tree/main/lineage-openlineage");
  private static final String FACETS = "https://github.com/lineage-dev/lineage/blob/main/docs/openlineage.md#";

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
      OpenLineage.RunFacet step = ol.newRunFacet();
      step.getAdditionalProperties().put("_schemaURL", FACETS + "lineage_step");
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
    r.inputs().forEach(a -> inputs.add(ol.newInputDatasetBuilder().namespace(datasetNamespace).name(datasetName(a))
        .facets(datasetFacets(a)).build()));
    if (end || !r.status().isFinished()) {
      r.outputs().forEach(a -> outputs.add(ol.newOutputDatasetBuilder().namespace(datasetNamespace)
          .name(datasetName(a)).facets(datasetFacets(a)).build()));
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

  /** An artifact's dataset name: its logical name, else its digest. */
  public static String datasetName(Artifact a) {
    return a.name().orElse(a.digest().toString());
  }

  private OpenLineage.DatasetFacets datasetFacets(Artifact a) {
    OpenLineage.DatasetFacet content = ol.newDatasetFacet();
    content.getAdditionalProperties().put("_schemaURL", FACETS + "lineage_artifact");
    content.getAdditionalProperties().put("digest", a.digest().toString());
    content.getAdditionalProperties().put("kind", a.kind().name());
    content.getAdditionalProperties().put("size", a.size());
    return ol.newDatasetFacetsBuilder().version(ol.newDatasetVersionDatasetFacet(a.digest().toString()))
        .put("lineage_artifact", content).build();
  }

  private OpenLineage.RunFacet params(RunRecord r) {
    OpenLineage.RunFacet facet = ol.newRunFacet();
    Map<String, Map<String, String>> params = new TreeMap<>();
    for (Map.Entry<String, ParamValue> p : r.params().entrySet()) {
      params.put(p.getKey(), Map.of("type", p.getValue().type().name(), "value", p.getValue().text()));
    }
    facet.getAdditionalProperties().put("_schemaURL", FACETS + "lineage_params");
    facet.getAdditionalProperties().put("params", params);
    facet.getAdditionalProperties().put("lineageRunId", r.id().value());
    return facet;
  }

  private OpenLineage.RunFacet fingerprint(Fingerprint f) {
    OpenLineage.RunFacet facet = ol.newRunFacet();
    Map<String, Object> p = facet.getAdditionalProperties();
    p.put("_schemaURL", FACETS + "lineage_fingerprint");
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
