package dev.lineage.internal.spark;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files a Spark SQL query read and wrote, from its physical plans: file scans (their root paths) and file
 * writes (their output path). A scan or write of anything else (a JDBC table, a Hive table, a V2 connector) is
 * named as unseen, so an answer is never silently incomplete (docs/spark.md).
 */
final class PlanFiles {
  /** What one query read, wrote, and could not see. */
  record Found(Set<String> reads, Set<String> writes, List<String> unseen) {}

  private static final Set<String> NOT_SOURCES = Set.of("LocalTableScanExec", "RDDScanExec", "ExternalRDDScanExec",
      "RangeExec", "InMemoryTableScanExec", "OneRowRelation");

  private final Set<String> reads = new TreeSet<>();
  private final Set<String> writes = new TreeSet<>();
  private final List<String> unseen = new ArrayList<>();
  private final Map<Object, Boolean> seen = new IdentityHashMap<>();

  private PlanFiles() {}

  /** Walks the query's physical plans: before adaptive execution, and as executed. */
  static Found of(Object queryExecution) {
    PlanFiles f = new PlanFiles();
    Reflect.call(queryExecution, "sparkPlan").ifPresent(f::walk);
    Reflect.call(queryExecution, "executedPlan").ifPresent(f::walk);
    return new Found(f.reads, f.writes, f.unseen);
  }

  private void walk(Object node) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    String kind = Reflect.simpleName(node);
    switch (kind) {
      case "FileSourceScanExec" -> Reflect.call(node, "relation").flatMap(r -> Reflect.call(r, "location"))
          .ifPresent(this::rootsOf);
      case "BatchScanExec" -> {
        Object scan = Reflect.call(node, "scan").orElse(null);
        if (scan != null && Reflect.call(scan, "fileIndex").isPresent()) {
          rootsOf(Reflect.call(scan, "fileIndex").get());
        } else {
          unseen.add("source " + describe(scan));
        }
      }
      case "DataWritingCommandExec" -> {
        Object command = Reflect.call(node, "cmd").orElse(null);
        if (command != null && Reflect.simpleName(command).equals("InsertIntoHadoopFsRelationCommand")) {
          Reflect.call(command, "outputPath").ifPresent(p -> writes.add(p.toString()));
        } else {
          unseen.add("sink " + describe(command));
        }
      }
      case "AdaptiveSparkPlanExec" -> Reflect.call(node, "executedPlan").ifPresent(this::walk);
      case "InMemoryTableScanExec" -> Reflect.call(node, "relation").flatMap(r -> Reflect.call(r, "cachedPlan"))
          .ifPresent(this::walk);
      default -> {
        if (kind.endsWith("QueryStageExec")) {
          Reflect.call(node, "plan").ifPresent(this::walk);
        } else if (kind.equals("ReusedExchangeExec")) {
          Reflect.call(node, "child").ifPresent(this::walk);
        } else if (kind.startsWith("AppendData") || kind.startsWith("OverwriteBy") || kind.startsWith("OverwritePartitions")
            || kind.startsWith("WriteToDataSourceV2") || kind.equals("ExecutedCommandExec") && writesData(node)) {
          unseen.add("sink " + describe(node));
        } else if (kind.contains("Scan") && !NOT_SOURCES.contains(kind)
            && Reflect.elements(Reflect.call(node, "children").orElse(null)).isEmpty()) {
          unseen.add("source " + describe(node));
        }
      }
    }
    for (Object child : Reflect.elements(Reflect.call(node, "children").orElse(null))) {
      walk(child);
    }
  }

  /** A command that saves into a data source Lineage cannot list (a JDBC table, a table through a catalog). */
  private static boolean writesData(Object node) {
    String command = Reflect.call(node, "cmd").map(Reflect::simpleName).orElse("");
    return command.startsWith("SaveIntoDataSource") || command.startsWith("InsertIntoDataSource")
        || command.startsWith("CreateDataSourceTableAsSelect") || command.startsWith("InsertIntoHiveTable");
  }

  private void rootsOf(Object fileIndex) {
    for (Object path : Reflect.elements(Reflect.call(fileIndex, "rootPaths").orElse(null))) {
      reads.add(path.toString());
    }
  }

  private static String describe(Object node) {
    if (node == null) {
      return "(unknown)";
    }
    String text = Reflect.simpleName(node) + Reflect.call(node, "relation").map(r -> " " + r).orElse("");
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
