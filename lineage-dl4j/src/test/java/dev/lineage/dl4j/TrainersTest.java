package dev.lineage.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.InputWait;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The listeners under DL4J's trainers and loops as users run them: real DL4J, CPU backend, offline. */
class TrainersTest {
  private static final long BATCH_WAIT_MS = 40;

  @TempDir Path dir;
  private Lineage lineage;
  private Warnings logged;
  private List<java.util.logging.LogRecord> warnings;

  @BeforeEach
  void open() {
    lineage = Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).systemMetrics(false).build();
    logged = Warnings.of("dev.lineage.dl4j");
    warnings = logged.list();
  }

  @AfterEach
  void close() {
    logged.close();
    lineage.close();
  }

  /** Iris's 150 examples in batches of 10, each batch handed out after {@code waitMs} (a slow data source). */
  private static DataSetIterator slow(Path csv, long waitMs) throws Exception {
    List<DataSet> examples = new ArrayList<>();
    DataSetIterator batches = Iris.batches(csv);
    while (batches.hasNext()) {
      examples.addAll(batches.next().asList());
    }
    return new ListDataSetIterator<>(examples, Iris.BATCH) {
      @Override
      public DataSet next() {
        try {
          Thread.sleep(waitMs); // the time the data takes to arrive: what the listener must book as waiting
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.next();
      }
    };
  }

  @Test
  void anEarlyStoppingTrainerBooksItsWaitForDataAndRecordsEachScoreAndTheBestModel() throws Exception {
    Path csv = Iris.prepare(lineage, 5).output("iris-shuffled").path();
    MultiLayerNetwork net = Iris.network(0.01);
    int epochs = 3;
    EarlyStoppingConfiguration<MultiLayerNetwork> config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
        .epochTerminationConditions(new MaxEpochsTerminationCondition(epochs))
        .scoreCalculator(new DataSetLossCalculator(Iris.batches(csv), true)).evaluateEveryNEpochs(1)
        .modelSaver(new InMemoryModelSaver<>()).build();
    File bestFile = dir.resolve("best-model.zip").toFile();
    RunId id;
    EarlyStoppingResult<MultiLayerNetwork> result;
    try (Run run = lineage.newRun("early-stopping")) {
      id = run.id();
      net.setListeners(LineageListener.of(run));
      result = new EarlyStoppingTrainer(config, net, slow(csv, BATCH_WAIT_MS),
          LineageEarlyStoppingListener.<MultiLayerNetwork>builder(run).bestModel(bestFile, "best-model").build())
          .fit();
      run.succeed();
    }

    RunRecord r = lineage.runRecord(id);
    assertEquals(RunStatus.SUCCEEDED, r.status(), r.trackingErrors().toString());
    InputWait wait = r.inputWait().orElseThrow();
    long slept = epochs * Iris.ITERATIONS_PER_EPOCH * BATCH_WAIT_MS * 1_000_000L;
    assertTrue(wait.waited().toNanos() >= slept, "every batch's wait is booked as waiting (it read 0 before): "
        + wait.waited() + " of at least " + java.time.Duration.ofNanos(slept));
    assertTrue(wait.waitingFraction() > 0.5, "the training is bound by its data: " + wait);

    List<MetricPoint> scores = lineage.metric(id, "validation_score");
    assertEquals(epochs, scores.size(), "one validation score per scored epoch: " + scores);
    assertEquals(result.getScoreVsEpoch().values().stream().toList(),
        scores.stream().map(MetricPoint::value).toList(), "the trainer's own scores");
    assertEquals(result.getBestModelEpoch(), (int) r.metrics().get("best_epoch").lastValue());
    assertEquals(result.getBestModelScore(), r.metrics().get("best_validation_score").lastValue());
    assertEquals("EpochTerminationCondition", r.tags().get("early_stopping.termination"));
    assertTrue(r.tags().get("early_stopping.termination_details").contains("MaxEpochsTerminationCondition"),
        r.tags().toString());
    Artifact best = r.outputs().stream().filter(a -> a.name().equals(java.util.Optional.of("best-model")))
        .findFirst().orElseThrow();
    assertEquals(Digest.of(bestFile.toPath()), best.digest(), "the best model, saved and recorded");
    assertTrue(warnings.isEmpty(), "no warning: " + warnings);
  }

  @Test
  void aFitDataSetLoopThatNeverCountsItsEpochsIsToldOnce() throws Exception {
    Path csv = Iris.prepare(lineage, 6).output("iris-shuffled").path();
    List<DataSet> batches = new ArrayList<>();
    Iris.batches(csv).forEachRemaining(batches::add);
    MultiLayerNetwork net = Iris.network(0.01);
    try (Run run = lineage.newRun("uncounted-epochs")) {
      net.setListeners(LineageListener.of(run));
      for (int pass = 0; pass < 3; pass++) {
        batches.forEach(net::fit); // no net.incrementEpochCount(): DL4J counts all of it as epoch 0
      }
      run.succeed();
    }
    assertEquals(1, warnings.size(), "one warning: " + warnings);
    assertTrue(warnings.get(0).getMessage().contains("incrementEpochCount"), warnings.get(0).getMessage());

    warnings.clear();
    MultiLayerNetwork counted = Iris.network(0.01);
    try (Run run = lineage.newRun("counted-epochs")) {
      counted.setListeners(LineageListener.of(run));
      for (int pass = 0; pass < 3; pass++) {
        batches.forEach(counted::fit);
        counted.incrementEpochCount();
      }
      run.succeed();
    }
    assertTrue(warnings.isEmpty(), "a loop that counts its epochs is not warned: " + warnings);
  }
}
