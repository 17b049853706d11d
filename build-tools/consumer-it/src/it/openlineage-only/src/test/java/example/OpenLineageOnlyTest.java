package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Lineage;
import dev.lineage.openlineage.OpenLineageExport;
import dev.lineage.query.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openlineage.md's setup: lineage-openlineage alone; a run in the default store exported to a file. */
class OpenLineageOnlyTest {
  @Test
  void aRunInTheDefaultStoreIsExportedWithItsFileNamedAsOpenLineageNamesFiles(@TempDir Path dir) throws Exception {
    Path data = Files.writeString(dir.resolve("train.csv"), "a,b\n1,2\n");
    Path events = dir.resolve("events.ndjson");
    try (Lineage lineage = Lineage.open()) {
      lineage.run("train", run -> run.use(data, "train-data"));
      try (OpenLineageExport export = OpenLineageExport.to("file:" + events)) {
        assertEquals(2, export.export(lineage, RunQuery.all()));
      }
    }
    List<String> lines = Files.readAllLines(events);
    assertTrue(lines.get(1).contains("\"namespace\":\"file\",\"name\":\"" + data + "\""), lines.get(1));
  }
}
