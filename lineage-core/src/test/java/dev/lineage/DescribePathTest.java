package dev.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code describe} answers with the digest a run records for the same path, and stores nothing. */
class DescribePathTest {
  @TempDir Path dir;

  @Test
  void aFileAndADirectoryAreDescribedAsARunRecordsThem() throws Exception {
    Path file = Files.writeString(dir.resolve("train.csv"), "a,b\n1,2\n");
    Path tree = Files.createDirectories(dir.resolve("features"));
    Files.writeString(tree.resolve("part-0"), "x");
    Files.writeString(tree.resolve("part-1"), "y");
    try (Lineage lineage = Lineage.builder().store("mem:").systemMetrics(false).build()) {
      Artifact described = lineage.describe(file);
      Artifact describedTree = lineage.describe(tree);
      RunId id = lineage.run("uses", run -> {
        run.use(file, "train");
        run.use(tree, "features");
        return run.id();
      });
      RunRecord record = lineage.runRecord(id);
      assertEquals(described.digest(), record.inputs().get(0).digest());
      assertEquals(ArtifactKind.FILE, described.kind());
      assertEquals(describedTree.digest(), record.inputs().get(1).digest());
      assertEquals(ArtifactKind.DIRECTORY, describedTree.kind());
    }
  }

  @Test
  void aMissingPathIsATypedError() {
    try (Lineage lineage = Lineage.builder().store("mem:").systemMetrics(false).build()) {
      assertThrows(InvalidInputException.class, () -> lineage.describe(dir.resolve("nope")));
      assertThrows(InvalidInputException.class, () -> lineage.describe(null));
    }
  }
}
