package dev.lineage.internal.query;

import dev.lineage.Artifact;
import dev.lineage.Fingerprint;
import dev.lineage.GpuSummary;
import dev.lineage.InputWait;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.internal.Json;
import dev.lineage.internal.store.CommandDoc;
import dev.lineage.internal.store.SourceStateDoc;
import dev.lineage.step.StepExecution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The index's six Parquet tables, format version {@value #VERSION} (docs/lineage-index.md), written from
 * {@link RunRecord}s: everything a RunRecord holds is in them, so a query never needs a run's own objects once it
 * is indexed ({@link SnapshotRuns} reads them back).
 */
final class RunTables {
  static final String VERSION = "2";

  static final Table RUNS = new Table("runs", List.of(Table.string("run_id"), Table.string("name"),
      Table.string("parent_id").optional(), Table.string("status"), Table.timestamp("started_at"),
      Table.timestamp("ended_at").optional(), Table.string("failure").optional(),
      Table.string("git_commit").optional(), Table.string("git_state"),
      Table.string("jvm_vendor"), Table.string("jvm_version"), Table.string("os"), Table.string("host"),
      Table.string("user"), Table.string("main_class").optional(), Table.string("classpath_digest"),
      Table.string("environment"), Table.string("step_name").optional(), Table.string("step_key").optional(),
      Table.string("step_outcome").optional(), Table.string("step_entry_run").optional(),
      Table.string("step_outputs_match").optional(), Table.string("tracking_errors").optional(),
      Table.float64("gpu_hours_held").optional(), Table.float64("gpu_hours_idle").optional(),
      Table.string("frameworks").optional(), Table.int64("input_wait_intervals").optional(),
      Table.int64("input_waited_nanos").optional(), Table.int64("input_computed_nanos").optional(),
      Table.string("command").optional(), Table.string("source").optional(), Table.string("classpath").optional(),
      Table.int64("classpath_size").optional(), Table.string("reproduces").optional()));
  static final Table PARAMS = new Table("params", List.of(Table.string("run_id"), Table.string("key"),
      Table.string("type"), Table.string("value")));
  static final Table TAGS = new Table("tags", List.of(Table.string("run_id"), Table.string("key"),
      Table.string("value")));
  static final Table ARTIFACTS = new Table("artifacts", List.of(Table.string("run_id"), Table.string("direction"),
      Table.string("digest"), Table.string("kind"), Table.int64("size"), Table.string("name").optional(),
      Table.string("location").optional()));
  static final Table METRICS = new Table("metrics", List.of(Table.string("run_id"), Table.string("key"),
      Table.int64("count"), Table.int64("last_step"), Table.float64("last_value"), Table.float64("min_value"),
      Table.float64("max_value")));
  static final Table GPUS = new Table("gpus", List.of(Table.string("run_id"), Table.int64("gpu_index"),
      Table.string("uuid"), Table.float64("util_mean"), Table.float64("util_p50"), Table.float64("util_max"),
      Table.float64("hours_held"), Table.float64("hours_idle")));
  static final List<Table> ALL = List.of(RUNS, PARAMS, TAGS, ARTIFACTS, METRICS, GPUS);

  private RunTables() {}

  /** The table of that name. */
  static Table named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no index table " + name));
  }

  /** Writes the runs into one local file per table, returned by table name. */
  static Map<String, Path> write(List<RunRecord> runs, Path dir) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    for (Table t : ALL) {
      files.put(t.name(), Files.createTempFile(dir, "lineage-index-" + t.name() + "-", ".parquet"));
    }
    try (TableWriter r = new TableWriter(files.get("runs"), RUNS);
        TableWriter p = new TableWriter(files.get("params"), PARAMS);
        TableWriter t = new TableWriter(files.get("tags"), TAGS);
        TableWriter a = new TableWriter(files.get("artifacts"), ARTIFACTS);
        TableWriter m = new TableWriter(files.get("metrics"), METRICS);
        TableWriter g = new TableWriter(files.get("gpus"), GPUS)) {
      for (RunRecord run : runs) {
        String id = run.id().value();
        Fingerprint f = run.fingerprint();
        StepExecution s = run.step().orElse(null);
        r.row(id, run.name(), run.parent().map(RunId::value).orElse(null), run.status().name(),
            run.startedAt().toEpochMilli(), run.endedAt().map(Instant::toEpochMilli).orElse(null),
            run.failure().orElse(null), f.gitCommit().orElse(null), f.gitState().name(), f.jvmVendor(),
            f.jvmVersion(), f.os(), f.host(), f.user(), f.mainClass().orElse(null), f.classpathDigest(),
            json(new TreeMap<>(f.environment())), s == null ? null : s.step(), s == null ? null : s.key().hex(),
            s == null ? null : s.outcome().name(), s == null ? null : s.entryRun().map(RunId::value).orElse(null),
            s == null ? null : s.outputsMatchEntry().map(Object::toString).orElse(null),
            run.trackingErrors().isEmpty() ? null : json(run.trackingErrors()),
            run.gpus().isEmpty() ? null : run.gpuHoursHeld(), run.gpus().isEmpty() ? null : run.gpuHoursIdle(),
            f.frameworks().isEmpty() ? null : json(new TreeMap<>(f.frameworks())),
            run.inputWait().map(InputWait::intervals).orElse(null),
            run.inputWait().map(w -> w.waited().toNanos()).orElse(null),
            run.inputWait().map(w -> w.computed().toNanos()).orElse(null),
            f.command().map(c -> json(CommandDoc.of(c))).orElse(null),
            f.source().map(c -> json(SourceStateDoc.of(c))).orElse(null),
            f.classpath().map(c -> c.digest().toString()).orElse(null), f.classpath().map(Artifact::size).orElse(null),
            run.reproduces().map(RunId::value).orElse(null));
        run.params().forEach((k, v) -> p.row(id, k, v.type().name(), v.text()));
        run.tags().forEach((k, v) -> t.row(id, k, v));
        run.inputs().forEach(x -> a.row(id, "USED", x.digest().toString(), x.kind().name(), x.size(),
            x.name().orElse(null), x.location().map(Object::toString).orElse(null)));
        run.outputs().forEach(x -> a.row(id, "PRODUCED", x.digest().toString(), x.kind().name(), x.size(),
            x.name().orElse(null), x.location().map(Object::toString).orElse(null)));
        run.metrics().values().forEach(s2 -> m.row(id, s2.key(), s2.count(), s2.lastStep(), s2.lastValue(),
            s2.min(), s2.max()));
        for (GpuSummary gpu : run.gpus()) {
          g.row(id, (long) gpu.index(), gpu.uuid(), gpu.meanUtilization(), gpu.p50Utilization(),
              gpu.maxUtilization(), gpu.hoursHeld(), gpu.hoursIdle());
        }
      }
    }
    return files;
  }

  private static String json(Object value) {
    return new String(Json.write(value), StandardCharsets.UTF_8);
  }
}
