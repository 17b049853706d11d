package dev.lineage.internal.query;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.Fingerprint;
import dev.lineage.GitState;
import dev.lineage.GpuSummary;
import dev.lineage.InputWait;
import dev.lineage.MetricSummary;
import dev.lineage.ParamType;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.internal.Json;
import dev.lineage.internal.run.RunFold;
import dev.lineage.internal.store.BlobObjects;
import dev.lineage.internal.store.CommandDoc;
import dev.lineage.internal.store.SourceStateDoc;
import dev.lineage.step.StepExecution;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Builds {@link RunRecord}s from a snapshot's grouped columns, each once. Values that runs share (a param value,
 * an artifact, a process's fingerprint) are one object however many runs carry them.
 */
final class SnapshotRecords {
  private static final TypeReference<Map<String, String>> ENV_TYPE = new TypeReference<>() {};
  private static final TypeReference<List<String>> ERRORS_TYPE = new TypeReference<>() {};
  private static final TypeReference<CommandDoc> COMMAND_TYPE = new TypeReference<>() {};
  private static final TypeReference<SourceStateDoc> SOURCE_TYPE = new TypeReference<>() {};
  private static final List<String> FINGERPRINT = List.of("git_commit", "git_state", "jvm_vendor", "jvm_version",
      "os", "host", "user", "main_class", "classpath_digest", "environment", "frameworks", "command", "source",
      "classpath");

  private final TableColumns runs;
  private final SnapshotColumns.Rows params;
  private final SnapshotColumns.Rows tags;
  private final SnapshotColumns.Rows artifacts;
  private final SnapshotColumns.Rows metrics;
  private final SnapshotColumns.Rows gpus;
  private final int usedId;
  private final int[] firstRow;
  private final AtomicReferenceArray<RunRecord> built;
  /** By digest: the artifact as its first row names it. */
  private final AtomicReferenceArray<Artifact> firstArtifacts;
  /** By param value id: the value with the type it was first seen with. */
  private final AtomicReferenceArray<ParamValue> paramValues;
  private final Map<List<Integer>, Fingerprint> fingerprints = new ConcurrentHashMap<>();

  SnapshotRecords(TableColumns runs, SnapshotColumns.Rows params, SnapshotColumns.Rows tags, SnapshotColumns.Rows artifacts,
      SnapshotColumns.Rows metrics, SnapshotColumns.Rows gpus, int usedId, int[] firstRow) {
    this.runs = runs;
    this.params = params;
    this.tags = tags;
    this.artifacts = artifacts;
    this.metrics = metrics;
    this.gpus = gpus;
    this.usedId = usedId;
    this.firstRow = firstRow;
    this.built = new AtomicReferenceArray<>(runs.rows());
    this.firstArtifacts = new AtomicReferenceArray<>(firstRow.length);
    this.paramValues = new AtomicReferenceArray<>(params.columns().dictionary("value").length);
  }

  RunRecord record(int run) {
    RunRecord r = built.get(run);
    if (r == null) {
      r = build(run);
      built.set(run, r);
    }
    return r;
  }

  /** The artifact as the oldest run that recorded it named it. */
  Artifact artifact(int digest) {
    Artifact a = firstArtifacts.get(digest);
    if (a == null) {
      a = artifactOf(firstRow[digest], null);
      firstArtifacts.set(digest, a);
    }
    return a;
  }

  /** The artifact an edge row names: the digest's first one when kind, size and name agree, as they usually do. */
  private Artifact artifactOfRow(int row) {
    int[] digest = artifacts.columns().ids("digest");
    Artifact first = artifact(digest[row]);
    int firstRow = this.firstRow[digest[row]];
    TableColumns t = artifacts.columns();
    boolean same = t.ids("kind")[row] == t.ids("kind")[firstRow] && t.ids("name")[row] == t.ids("name")[firstRow]
        && t.longs("size")[row] == t.longs("size")[firstRow]
        && t.ids("location")[row] == t.ids("location")[firstRow];
    return same ? first : artifactOf(row, first.digest());
  }

  private Artifact artifactOf(int row, Digest digest) {
    TableColumns t = artifacts.columns();
    return new Artifact(digest != null ? digest : Digest.parse(t.string("digest", row)),
        ArtifactKind.valueOf(t.string("kind", row)), t.longs("size")[row], Optional.ofNullable(t.string("name", row)),
        Optional.ofNullable(t.string("location", row)).map(URI::create));
  }

  ParamValue paramValue(int row) {
    TableColumns t = params.columns();
    int valueId = t.ids("value")[row];
    ParamType type = ParamType.valueOf(t.string("type", row));
    ParamValue v = paramValues.get(valueId);
    if (v == null || v.type() != type) {
      v = new ParamValue(type, t.dictionary("value")[valueId]);
      paramValues.compareAndSet(valueId, null, v);
    }
    return v;
  }

  private RunRecord build(int run) {
    Map<String, ParamValue> p = new HashMap<>();
    String[] paramKeys = params.columns().dictionary("key");
    int[] paramKey = params.columns().ids("key");
    for (int i = params.from(run); i < params.to(run); i++) {
      int row = params.row(i);
      p.put(paramKeys[paramKey[row]], paramValue(row));
    }
    Map<String, String> t = new HashMap<>();
    for (int i = tags.from(run); i < tags.to(run); i++) {
      int row = tags.row(i);
      t.put(tags.columns().string("key", row), tags.columns().string("value", row));
    }
    List<Artifact> inputs = new ArrayList<>();
    List<Artifact> outputs = new ArrayList<>();
    int[] direction = artifacts.columns().ids("direction");
    for (int i = artifacts.from(run); i < artifacts.to(run); i++) {
      int row = artifacts.row(i);
      (direction[row] == usedId ? inputs : outputs).add(artifactOfRow(row));
    }
    Map<String, MetricSummary> m = new HashMap<>();
    TableColumns mc = metrics.columns();
    for (int i = metrics.from(run); i < metrics.to(run); i++) {
      int row = metrics.row(i);
      String key = mc.string("key", row);
      m.put(key, new MetricSummary(key, mc.longs("count")[row], mc.longs("last_step")[row],
          mc.doubles("last_value")[row], mc.doubles("min_value")[row], mc.doubles("max_value")[row]));
    }
    List<GpuSummary> g = new ArrayList<>();
    TableColumns gc = gpus.columns();
    for (int i = gpus.from(run); i < gpus.to(run); i++) {
      int row = gpus.row(i);
      g.add(new GpuSummary((int) gc.longs("gpu_index")[row], gc.string("uuid", row), gc.doubles("util_mean")[row],
          gc.doubles("util_p50")[row], gc.doubles("util_max")[row], gc.doubles("hours_held")[row],
          gc.doubles("hours_idle")[row]));
    }
    Long ended = runs.longOrNull("ended_at", run);
    String errors = runs.string("tracking_errors", run);
    List<String> trackingErrors = errors == null ? List.of()
        : Json.read(errors.getBytes(StandardCharsets.UTF_8), ERRORS_TYPE);
    RunStatus written = RunStatus.valueOf(runs.string("status", run));
    RunStatus status = SnapshotConditions.status(written, errors != null);
    Optional<String> failure = status != written ? Optional.of(RunFold.incomplete(trackingErrors))
        : Optional.ofNullable(runs.string("failure", run));
    return new RunRecord(RunId.of(runs.string("run_id", run)), runs.string("name", run),
        Optional.ofNullable(runs.string("parent_id", run)).map(RunId::of), status,
        Instant.ofEpochMilli(runs.longs("started_at")[run]), Optional.ofNullable(ended).map(Instant::ofEpochMilli),
        failure, p, t, inputs, outputs, fingerprint(run), m, step(run), g, inputWait(run), trackingErrors,
        Optional.ofNullable(runs.string("reproduces", run)).map(RunId::of));
  }

  private Optional<InputWait> inputWait(int run) {
    Long intervals = runs.longOrNull("input_wait_intervals", run);
    return intervals == null ? Optional.empty() : Optional.of(new InputWait(intervals,
        Duration.ofNanos(runs.longs("input_waited_nanos")[run]), Duration.ofNanos(runs.longs("input_computed_nanos")[run])));
  }

  private Optional<StepExecution> step(int run) {
    String name = runs.string("step_name", run);
    if (name == null) {
      return Optional.empty();
    }
    String matched = runs.string("step_outputs_match", run);
    return Optional.of(new StepExecution(name, new Digest(runs.string("step_key", run)),
        StepExecution.Outcome.valueOf(runs.string("step_outcome", run)),
        Optional.ofNullable(runs.string("step_entry_run", run)).map(RunId::of),
        Optional.ofNullable(matched).map(Boolean::parseBoolean)));
  }

  /** Runs of one process share a fingerprint: one object per distinct one. */
  private Fingerprint fingerprint(int run) {
    List<Integer> key = new ArrayList<>(FINGERPRINT.size());
    for (String column : FINGERPRINT) {
      key.add(runs.ids(column)[run]);
    }
    return fingerprints.computeIfAbsent(key, k -> new Fingerprint(
        Optional.ofNullable(runs.string("git_commit", run)), GitState.valueOf(runs.string("git_state", run)),
        runs.string("jvm_vendor", run), runs.string("jvm_version", run), runs.string("os", run),
        runs.string("host", run), runs.string("user", run), Optional.ofNullable(runs.string("main_class", run)),
        runs.string("classpath_digest", run),
        Json.read(runs.string("environment", run).getBytes(StandardCharsets.UTF_8), ENV_TYPE),
        Optional.ofNullable(runs.string("frameworks", run))
            .map(f -> Json.read(f.getBytes(StandardCharsets.UTF_8), ENV_TYPE)).orElse(Map.of()),
        Optional.ofNullable(runs.string("command", run))
            .map(c -> Json.read(c.getBytes(StandardCharsets.UTF_8), COMMAND_TYPE).command()),
        Optional.ofNullable(runs.string("source", run))
            .map(c -> Json.read(c.getBytes(StandardCharsets.UTF_8), SOURCE_TYPE).state()),
        Optional.ofNullable(runs.string("classpath", run)).map(c -> new Artifact(Digest.parse(c), ArtifactKind.FILE,
            runs.longOrNull("classpath_size", run), Optional.of(BlobObjects.CLASSPATH_NAME)))));
  }
}
