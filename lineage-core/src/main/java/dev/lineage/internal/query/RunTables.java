package dev.lineage.internal.query;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lineage.Artifact;
import dev.lineage.ArtifactKind;
import dev.lineage.Digest;
import dev.lineage.Fingerprint;
import dev.lineage.GitState;
import dev.lineage.MetricSummary;
import dev.lineage.ParamType;
import dev.lineage.ParamValue;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.internal.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The index's five Parquet tables (docs/lineage-index.md) and the mapping between them and {@link RunRecord}s:
 * everything a RunRecord holds is in them, so a query never needs a run's own objects once it is indexed.
 */
final class RunTables {
  static final Table RUNS = new Table("runs", List.of(Table.string("run_id"), Table.string("name"),
      Table.string("parent_id").optional(), Table.string("status"), Table.timestamp("started_at"),
      Table.timestamp("ended_at").optional(), Table.string("git_commit").optional(), Table.string("git_state"),
      Table.string("jvm_vendor"), Table.string("jvm_version"), Table.string("os"), Table.string("host"),
      Table.string("user"), Table.string("main_class").optional(), Table.string("classpath_digest"),
      Table.string("environment")));
  static final Table PARAMS = new Table("params", List.of(Table.string("run_id"), Table.string("key"),
      Table.string("type"), Table.string("value")));
  static final Table TAGS = new Table("tags", List.of(Table.string("run_id"), Table.string("key"),
      Table.string("value")));
  static final Table ARTIFACTS = new Table("artifacts", List.of(Table.string("run_id"), Table.string("direction"),
      Table.string("digest"), Table.string("kind"), Table.int64("size"), Table.string("name").optional()));
  static final Table METRICS = new Table("metrics", List.of(Table.string("run_id"), Table.string("key"),
      Table.int64("count"), Table.int64("last_step"), Table.float64("last_value"), Table.float64("min_value"),
      Table.float64("max_value")));
  static final List<Table> ALL = List.of(RUNS, PARAMS, TAGS, ARTIFACTS, METRICS);

  private RunTables() {}

  /** Writes the runs into one local file per table, returned by table name. */
  static Map<String, Path> write(List<RunRecord> runs, Path dir) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    for (Table t : ALL) {
      files.put(t.name(), java.nio.file.Files.createTempFile(dir, "lineage-index-" + t.name() + "-", ".parquet"));
    }
    try (TableWriter r = new TableWriter(files.get("runs"), RUNS);
        TableWriter p = new TableWriter(files.get("params"), PARAMS);
        TableWriter t = new TableWriter(files.get("tags"), TAGS);
        TableWriter a = new TableWriter(files.get("artifacts"), ARTIFACTS);
        TableWriter m = new TableWriter(files.get("metrics"), METRICS)) {
      for (RunRecord run : runs) {
        String id = run.id().value();
        Fingerprint f = run.fingerprint();
        r.row(id, run.name(), run.parent().map(RunId::value).orElse(null), run.status().name(),
            run.startedAt().toEpochMilli(), run.endedAt().map(Instant::toEpochMilli).orElse(null),
            f.gitCommit().orElse(null), f.gitState().name(), f.jvmVendor(), f.jvmVersion(), f.os(), f.host(), f.user(),
            f.mainClass().orElse(null), f.classpathDigest(),
            new String(Json.write(new TreeMap<>(f.environment())), java.nio.charset.StandardCharsets.UTF_8));
        run.params().forEach((k, v) -> p.row(id, k, v.type().name(), v.text()));
        run.tags().forEach((k, v) -> t.row(id, k, v));
        run.inputs().forEach(x -> a.row(id, "USED", x.digest().toString(), x.kind().name(), x.size(),
            x.name().orElse(null)));
        run.outputs().forEach(x -> a.row(id, "PRODUCED", x.digest().toString(), x.kind().name(), x.size(),
            x.name().orElse(null)));
        run.metrics().values().forEach(s -> m.row(id, s.key(), s.count(), s.lastStep(), s.lastValue(), s.min(),
            s.max()));
      }
    }
    return files;
  }

  /** One row of the artifacts table, decoded. */
  private record Edge(String run, boolean used, Artifact artifact) {}

  /** Rebuilds RunRecords from the five tables' bytes; the largest table is decoded on another core meanwhile. */
  static List<RunRecord> read(Map<String, byte[]> tables) {
    java.util.concurrent.CompletableFuture<List<Edge>> edges = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> readEdges(tables.get("artifacts")));
    java.util.concurrent.CompletableFuture<List<Object[]>> params = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> readParams(tables.get("params")));
    Map<String, Builder> runs = new LinkedHashMap<>();
    TableReader.read(tables.get("runs"), "runs", RUNS, row -> {
      Builder b = new Builder(row);
      runs.put((String) row[0], b);
    });
    for (Object[] row : params.join()) {
      runs.get((String) row[0]).params.put((String) row[1], (ParamValue) row[2]);
    }
    TableReader.read(tables.get("tags"), "tags", TAGS, row ->
        runs.get((String) row[0]).tags.put((String) row[1], (String) row[2]));
    for (Edge e : edges.join()) {
      Builder b = runs.get(e.run());
      (e.used() ? b.inputs : b.outputs).add(e.artifact());
    }
    TableReader.read(tables.get("metrics"), "metrics", METRICS, row ->
        runs.get((String) row[0]).metrics.put((String) row[1], new MetricSummary((String) row[1], (Long) row[2],
            (Long) row[3], (Double) row[4], (Double) row[5], (Double) row[6])));
    List<RunRecord> out = new ArrayList<>(runs.size());
    Map<List<Object>, Fingerprint> fingerprints = new HashMap<>(); // runs of one process share theirs
    runs.values().forEach(b -> out.add(b.build(fingerprints)));
    return out;
  }

  /** Rows of {run id, key, value}; runs share most param values, so each distinct one is one object. */
  private static List<Object[]> readParams(byte[] table) {
    List<Object[]> rows = new ArrayList<>();
    Map<String, ParamValue> values = new HashMap<>();
    TableReader.read(table, "params", PARAMS, row -> rows.add(new Object[] {row[0], row[1],
        values.computeIfAbsent(row[2] + ":" + row[3], k -> new ParamValue(ParamType.valueOf((String) row[2]),
            (String) row[3]))}));
    return rows;
  }

  private static List<Edge> readEdges(byte[] table) {
    List<Edge> edges = new ArrayList<>();
    Map<String, Digest> digests = new HashMap<>(); // one Digest object per distinct digest
    Map<String, Artifact> artifacts = new HashMap<>(); // and one Artifact per distinct (digest, kind, size, name)
    TableReader.read(table, "artifacts", ARTIFACTS, row -> {
      String id = row[2] + "|" + row[3] + "|" + row[4] + "|" + row[5];
      Artifact a = artifacts.computeIfAbsent(id, k -> new Artifact(digests.computeIfAbsent((String) row[2],
          Digest::parse), ArtifactKind.valueOf((String) row[3]), (Long) row[4], Optional.ofNullable((String) row[5])));
      edges.add(new Edge((String) row[0], "USED".equals(row[1]), a));
    });
    return edges;
  }

  private static final class Builder {
    final Object[] run;
    final Map<String, ParamValue> params = new HashMap<>();
    final Map<String, String> tags = new HashMap<>();
    final List<Artifact> inputs = new ArrayList<>();
    final List<Artifact> outputs = new ArrayList<>();
    final Map<String, MetricSummary> metrics = new HashMap<>();

    Builder(Object[] run) {
      this.run = run;
    }

    RunRecord build(Map<List<Object>, Fingerprint> fingerprints) {
      Fingerprint f = fingerprints.computeIfAbsent(java.util.Arrays.asList(run).subList(6, 16), k ->
          new Fingerprint(Optional.ofNullable((String) run[6]), GitState.valueOf((String) run[7]),
              (String) run[8], (String) run[9], (String) run[10], (String) run[11], (String) run[12],
              Optional.ofNullable((String) run[13]), (String) run[14],
              Json.read(((String) run[15]).getBytes(java.nio.charset.StandardCharsets.UTF_8), ENV_TYPE,
                  "index environment")));
      return new RunRecord(RunId.of((String) run[0]), (String) run[1],
          Optional.ofNullable((String) run[2]).map(RunId::of), RunStatus.valueOf((String) run[3]),
          Instant.ofEpochMilli((Long) run[4]), Optional.ofNullable((Long) run[5]).map(Instant::ofEpochMilli),
          params, tags, inputs, outputs, f, metrics);
    }
  }

  private static final TypeReference<Map<String, String>> ENV_TYPE = new TypeReference<>() {};
}
