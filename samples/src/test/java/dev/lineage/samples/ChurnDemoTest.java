package dev.lineage.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Digest;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.query.Node;
import dev.lineage.step.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnDemoTest {
  @TempDir Path dir;

  private Lineage open() {
    return Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).build();
  }

  private static Map<String, Boolean> hits(ChurnPipeline.Outcome outcome) {
    return outcome.steps().values().stream().collect(Collectors.toMap(StepResult::step, StepResult::cacheHit));
  }

  @Test
  void theSecondRunIsAllHitsAndAParamChangeRecomputesOnlyDownstream() throws Exception {
    ChurnPipeline.Params params = new ChurnPipeline.Params(4_000, 42, false, 0.01, 10);
    try (Lineage lineage = open()) {
      ChurnPipeline.Outcome first = ChurnDemo.run(lineage, params);
      assertEquals(Map.of("prepare-data", false, "featurize", false, "train", false, "evaluate", false), hits(first));
      assertTrue(first.accuracy() > 0.7, "the model learns: " + first.accuracy());

      RunRecord train = lineage.runRecord(first.steps().get("train").runId());
      assertEquals(RunStatus.SUCCEEDED, train.status());
      assertEquals(10L, train.params().get("epochs").asLong());
      List<MetricPoint> loss = lineage.metric(train.id(), "loss");
      assertEquals(10, loss.size());
      assertTrue(loss.get(9).value() < loss.get(0).value());
    }
    try (Lineage lineage = open()) { // a new process, as a second demo run is
      ChurnPipeline.Outcome second = ChurnDemo.run(lineage, params);
      assertEquals(Map.of("prepare-data", true, "featurize", true, "train", true, "evaluate", true), hits(second));

      ChurnPipeline.Outcome moreEpochs = ChurnDemo.run(lineage,
          new ChurnPipeline.Params(4_000, 42, false, 0.01, 12));
      assertEquals(Map.of("prepare-data", true, "featurize", true, "train", false, "evaluate", false),
          hits(moreEpochs));

      ChurnPipeline.Outcome interactions = ChurnDemo.run(lineage,
          new ChurnPipeline.Params(4_000, 42, true, 0.01, 10));
      assertEquals(Map.of("prepare-data", true, "featurize", false, "train", false, "evaluate", false),
          hits(interactions));
    }
  }

  @Test
  void whatTheReadmeSaysOfTheDemoHoldsAndItsTreeDoesNotGrowWithHits() throws Exception {
    ChurnPipeline.Params defaults = ChurnPipeline.Params.defaults();
    List<Integer> treeSizes = new ArrayList<>();
    try (Lineage lineage = open()) {
      for (int run = 1; run <= 10; run++) {
        ChurnPipeline.Outcome outcome = ChurnPipeline.run(lineage, defaults);
        assertEquals(run > 1, outcome.steps().values().stream().allMatch(StepResult::cacheHit), "run " + run);
        String model = outcome.steps().get("train").output("churn-model").artifact().digest().toString();
        treeSizes.add(LineageTree.render(lineage.graph().upstream(Node.artifact(Digest.parse(model)))).size());
      }
      assertEquals(Collections.nCopies(10, treeSizes.get(0)), treeSizes,
          "the upstream tree of the model has the same size on every run: hits are not producers");

      assertEquals("-Ddemo.learningRate=0.02", ChurnDemo.TRY_NEXT);
      assertTrue(Files.readString(Path.of("..", "README.md")).contains("add `" + ChurnDemo.TRY_NEXT
          + "`\nand only train and evaluate rerun"), "the README suggests the same change");
      ChurnPipeline.Outcome changed = ChurnPipeline.run(lineage, new ChurnPipeline.Params(defaults.rows(),
          defaults.seed(), defaults.interactions(), 0.02, defaults.epochs()));
      assertEquals(Map.of("prepare-data", true, "featurize", true, "train", false, "evaluate", false), hits(changed));

      ChurnPipeline.Outcome moreEpochs = ChurnPipeline.run(lineage, new ChurnPipeline.Params(defaults.rows(),
          defaults.seed(), defaults.interactions(), defaults.learningRate(), 40));
      assertEquals(Map.of("prepare-data", true, "featurize", true, "train", false, "evaluate", true),
          hits(moreEpochs), "the model has converged: 40 epochs give the same bytes, so evaluate is a hit");
    }
  }

  @Test
  void theDemoEndsWithTheCommandsToRunNextOnItsOwnStore() throws Exception {
    try (Lineage lineage = open()) {
      ChurnPipeline.Outcome outcome = ChurnDemo.run(lineage, new ChurnPipeline.Params(1_000, 42, false, 0.01, 3));
      List<String> lines = ChurnDemo.nextCommands(lineage, outcome);
      assertEquals(5, lines.size(), String.join("\n", lines));
      String trainRun = outcome.steps().get("train").computedBy().value();
      assertTrue(lines.get(1).contains("lineage-cli/bin/lineage runs --store " + lineage.store()), lines.get(1));
      assertTrue(lines.get(2).contains(" upstream churn:production --store "), lines.get(2));
      assertTrue(lines.get(3).contains(" show " + trainRun + " --store "), lines.get(3));
      assertTrue(lines.get(4).contains(" rerun " + trainRun + " --store "), lines.get(4));
    }
  }
}
