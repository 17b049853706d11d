package dev.lineage.openlineage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lineage.Lineage;
import dev.lineage.RunId;
import io.openlineage.client.OpenLineage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets are named by OpenLineage's naming conventions for their file system (docs/openlineage.md's table, each
 * row checked literally here), not by our store's URI: a file is {@code file} and its absolute path, an object is
 * its bucket and key; content without a location keeps the store's namespace and its logical name.
 */
class DatasetNamingTest {
  @TempDir Path dir;

  @Test
  void eachFileSystemsDatasetsAreNamedAsTheSpecNamesThem() throws Exception {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("s3://bucket/tables/customers", List.of("s3://bucket", "tables/customers"));
    expected.put("s3a://bucket/tables/orders/", List.of("s3://bucket", "tables/orders"));
    expected.put("gs://bucket/tables/customers", List.of("gs://bucket", "tables/customers"));
    expected.put("wasbs://container@account.blob.core.windows.net/t",
        List.of("wasbs://container@account.blob.core.windows.net", "t"));
    expected.put("abfss://container@account.dfs.core.windows.net/t",
        List.of("abfss://container@account.dfs.core.windows.net", "/t"));
    expected.put("hdfs://namenode:8020/warehouse/t", List.of("hdfs://namenode:8020", "/warehouse/t"));
    Path folder = Files.createDirectories(dir.resolve("in put"));
    Path file = Files.writeString(folder.resolve("train.csv"), "a,b\n");
    try (Lineage lineage = Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .tempDir(dir).systemMetrics(false).build()) {
      RunId id = lineage.run("load", run -> {
        int n = 0;
        for (String location : expected.keySet()) {
          run.use(URI.create(location), "in-" + n++, content(location));
        }
        run.use(dir.resolve("in put/../in put/train.csv"));
        run.use(folder);
        run.produce("summary", content("no location"));
        return run.id();
      });
      OpenLineageEvents events = new OpenLineageEvents("lineage", lineage.store().toString(), lineage::runRecord);
      List<OpenLineage.RunEvent> both = events.of(lineage.runRecord(id));
      OpenLineage.RunEvent end = both.get(1);
      List<List<String>> names = end.getInputs().stream().map(d -> List.of(d.getNamespace(), d.getName())).toList();
      List<List<String>> want = new java.util.ArrayList<>(expected.values());
      want.add(List.of("file", file.toString()));
      want.add(List.of("file", folder.toString()));
      assertEquals(want, names);
      assertEquals(List.of(List.of(lineage.store().toString(), "summary")), end.getOutputs().stream()
          .map(d -> List.of(d.getNamespace(), d.getName())).toList(), "no location: the store's namespace");
    }
  }

  private static ByteArrayInputStream content(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
