package dev.lineage.dl4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import dev.lineage.RunStatus;
import dev.lineage.query.Closure;
import dev.lineage.query.Node;
import dev.lineage.step.StepResult;
import dev.lineage.storage.fs.FileSystemBackend;
import dev.lineage.testkit.FaultInjectingBackend;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.stream.IntStream;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The listener on the real DL4J, CPU backend, offline: Iris as a MultiLayerNetwork and a synthetic ComputationGraph. */
class LineageListenerTest {
  @TempDir Path dir;
  private Lineage lineage;

  @BeforeEach
  void open() {
    lineage = builder().build();
  }

  private Lineage.Builder builder() {
    return Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).systemMetrics(false);
  }

  @AfterEach
  void close() {
    lineage.close();
  }

  private List<MetricPoint> metric(RunId run, String key) {
    return lineage.metric(run, key);
  }

  /**
   * The first call's description (serialising the configuration and storing it took 1.9-4.4 s in a fresh JVM) is
   * not done on the training thread: with every background task held back, a whole training finishes and nothing
   * of it is recorded yet; the run's close then records it, as it was when training started.
   */
  @Test
  void theConfigurationIsRecordedOffTheTrainingThreadAndTheCloseFinishesIt() throws Exception {
    java.util.Queue<Runnable> held = new java.util.concurrent.ConcurrentLinkedQueue<>();
    try (Lineage heldBack = Lineage.builder().store(dir.resolve("held").toString()).cacheDir(dir.resolve("cache2"))
        .workDir(dir.resolve("work2")).tempDir(dir).systemMetrics(false).executor(held::add).build()) {
      MultiLayerNetwork net = Iris.network(0.01);
      String configurationAtStart = net.getLayerWiseConfigurations().toJson();
      RunId id;
      try (Run run = heldBack.newRun("train-iris")) {
        id = run.id();
        net.setListeners(LineageListener.of(run));
        net.fit(Iris.batches(Iris.prepare(lineage, 7).output("iris-shuffled").path()), 2);
        run.flush();
        RunRecord during = heldBack.runRecord(id);
        assertTrue(during.params().keySet().stream().noneMatch(k -> k.startsWith("dl4j.")), during.params()
            .toString());
        assertTrue(during.inputs().isEmpty(), "the training thread did not store the configuration");
        assertEquals(2 * Iris.ITERATIONS_PER_EPOCH, heldBack.metric(id, "score").size(), "training went on");
        run.succeed();
      }
      RunRecord r = heldBack.runRecord(id);
      assertEquals(RunStatus.SUCCEEDED, r.status(), r.trackingErrors().toString());
      assertEquals(2L, r.params().get("dl4j.layers").asLong(), "the close finished the held description");
      Artifact configuration = r.inputs().get(0);
      try (InputStream in = heldBack.openArtifact(configuration)) {
        assertEquals(configurationAtStart, new String(in.readAllBytes(), StandardCharsets.UTF_8),
            "copied when training started, not serialised from the counting live configuration");
      }
    }
  }

  @Test
  void fitIteratorRecordsScoresEpochsWaitsTheConfigurationAndTheModelWhosUpstreamIsTheDataAndParams()
      throws Exception {
    StepResult prepared = Iris.prepare(lineage, 7);
    MultiLayerNetwork net = Iris.network(0.01);
    String configurationAtStart = net.getLayerWiseConfigurations().toJson(); // it counts epochs and iterations too
    File modelFile = dir.resolve("iris-model.zip").toFile();
    RunId id;
    try (Run run = lineage.newRun("train-iris")) {
      id = run.id();
      run.use(prepared.output("iris-shuffled").path(), "iris-shuffled");
      net.setListeners(new ScoreIterationListener(10), LineageListener.of(run));
      DataSetIterator batches = Iris.batches(prepared.output("iris-shuffled").path());
      net.fit(batches, 5);
      Evaluation evaluation = net.evaluate(batches);
      Dl4jEvaluations.log(run, "test", evaluation);
      Artifact model = Dl4jModels.save(run, net, modelFile, "iris-model");
      assertEquals(Digest.of(modelFile.toPath()), model.digest(), "the recorded model is the file's content");
      run.succeed();
    }

    RunRecord r = lineage.runRecord(id);
    assertEquals(RunStatus.SUCCEEDED, r.status(), r.trackingErrors().toString());
    int iterations = 5 * Iris.ITERATIONS_PER_EPOCH;
    assertEquals(iterations, metric(id, "score").size(), "one score per iteration");
    assertEquals(IntStream.range(0, iterations).boxed().toList(),
        metric(id, "score").stream().map(p -> (int) p.step()).toList(), "steps are DL4J's iteration counts");
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), metric(id, "epoch").stream().map(MetricPoint::value).toList());
    assertEquals(List.of(0L, 15L, 30L, 45L, 60L), metric(id, "epoch").stream().map(MetricPoint::step).toList());
    assertEquals(iterations, metric(id, "etl_ms").size());
    assertEquals(iterations, metric(id, "compute_ms").size());
    assertEquals(iterations, r.inputWait().orElseThrow().intervals());
    assertTrue(r.inputWait().get().computed().toNanos() > 0);
    assertEquals(List.of(0.01), metric(id, "lr/layer0").stream().map(MetricPoint::value).toList(),
        "a constant learning rate is logged once");
    assertTrue(r.metrics().get("test.accuracy").lastValue() > 0.8, "the model learnt: " + r.metrics());
    assertEquals(150.0, r.metrics().get("test.examples").lastValue());

    assertEquals(2L, r.params().get("dl4j.layers").asLong());
    assertEquals("DenseLayer,OutputLayer", r.params().get("dl4j.layer_types").asString());
    assertEquals(net.numParams(), r.params().get("dl4j.parameters").asLong());
    assertEquals(42L, r.params().get("dl4j.seed").asLong());
    assertEquals("MultiLayerNetwork", r.params().get("dl4j.model").asString());
    assertTrue(r.params().get("dl4j.updater").asString().startsWith("Adam("), r.params().toString());
    assertEquals("FLOAT", r.params().get("dl4j.data_type").asString());
    assertTrue(r.params().containsKey("dl4j.workspace_mode"));

    Artifact configuration = r.inputs().stream().filter(a -> a.name().equals(java.util.Optional.of(
        "network-configuration"))).findFirst().orElseThrow();
    try (InputStream in = lineage.openArtifact(configuration)) {
      assertEquals(configurationAtStart, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertTrue(configuration.size() > 2_000, "a configuration over a param's limit is whole: " + configuration);

    assertEquals("1.0.0-M2.1", r.fingerprint().frameworks().get("deeplearning4j"));
    assertEquals("nd4j-native 1.0.0-M2.1", r.fingerprint().frameworks().get("nd4j-backend"));

    Closure upstream = lineage.graph().upstream(Node.artifact(Digest.of(modelFile.toPath())));
    assertTrue(upstream.runs().containsKey(id), "the model's upstream has its training run");
    assertTrue(upstream.runs().containsKey(prepared.computedBy()), "and the run that prepared the data");
    assertTrue(upstream.hasArtifactNamed("iris-shuffled"), "and the data");
    assertTrue(upstream.hasArtifactNamed("network-configuration"), "and the configuration");
    assertEquals(42L, upstream.runs().get(id).params().get("dl4j.seed").asLong(), "and the params");

    assertTrue(Iris.prepare(lineage, 7).cacheHit(), "an unchanged data preparation is not recomputed");
  }

  @Test
  void aHandWrittenFitDataSetLoopCountsEpochsAsDl4jDoes() throws Exception {
    Path csv = Iris.prepare(lineage, 3).output("iris-shuffled").path();
    MultiLayerNetwork net = Iris.network(0.01);
    RunId id;
    try (Run run = lineage.newRun("train-loop")) {
      id = run.id();
      net.setListeners(LineageListener.of(run));
      DataSetIterator batches = Iris.batches(csv);
      for (int epoch = 0; epoch < 4; epoch++) {
        batches.reset();
        while (batches.hasNext()) {
          net.fit(batches.next()); // onEpochStart and onEpochEnd never fire here
        }
        net.incrementEpochCount(); // DL4J's own count of a hand-written epoch
      }
      run.succeed();
    }
    int iterations = 4 * Iris.ITERATIONS_PER_EPOCH;
    assertEquals(iterations, metric(id, "score").size());
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0), metric(id, "epoch").stream().map(MetricPoint::value).toList());
    assertEquals(4, net.getLayerWiseConfigurations().getEpochCount(), "the record agrees with the model's count");
    assertEquals(iterations - 1, lineage.runRecord(id).inputWait().orElseThrow().intervals(),
        "every iteration after the first is split into waiting and computing");
  }

  private static ComputationGraph graph() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.05))
        .graphBuilder().addInputs("in")
        .addLayer("hidden", new DenseLayer.Builder().nIn(3).nOut(6).activation(Activation.TANH).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(6).nOut(1)
            .activation(Activation.IDENTITY).build(), "hidden")
        .setOutputs("out").build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  /** y = x0 - 2 x1 + 0.5 x2, 64 examples in batches of 16. */
  private static DataSetIterator synthetic() {
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(64, 3);
    INDArray y = x.getColumn(0).sub(x.getColumn(1).mul(2)).add(x.getColumn(2).mul(0.5)).reshape(64, 1);
    return new ListDataSetIterator<>(new DataSet(x, y).asList(), 16);
  }

  @Test
  void aComputationGraphIsRecordedTheSameWayWithStatisticsAndARegressionEvaluation() throws Exception {
    ComputationGraph graph = graph();
    String configurationAtStart = graph.getConfiguration().toJson();
    RunId id;
    try (Run run = lineage.newRun("train-graph")) {
      id = run.id();
      graph.setListeners(LineageListener.builder(run).layerStatistics(4).build());
      DataSetIterator data = synthetic();
      graph.fit(data, 3);
      RegressionEvaluation evaluation = graph.evaluateRegression(data);
      Dl4jEvaluations.log(run, "val", evaluation);
      run.succeed();
    }
    RunRecord r = lineage.runRecord(id);
    assertEquals(12, metric(id, "score").size(), "4 batches for 3 epochs");
    assertEquals(List.of(0.0, 1.0, 2.0), metric(id, "epoch").stream().map(MetricPoint::value).toList());
    assertEquals("ComputationGraph", r.params().get("dl4j.model").asString());
    assertEquals("DenseLayer,OutputLayer", r.params().get("dl4j.layer_types").asString());
    assertEquals(7L, r.params().get("dl4j.seed").asLong());
    assertEquals(List.of(0.05), metric(id, "lr/hidden").stream().map(MetricPoint::value).toList());
    Artifact configuration = r.inputs().stream().filter(a -> a.name().orElse("").equals("network-configuration"))
        .findFirst().orElseThrow();
    try (InputStream in = lineage.openArtifact(configuration)) {
      assertEquals(configurationAtStart, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    for (String stat : List.of("param_norm", "gradient_norm", "update_norm")) {
      List<MetricPoint> points = metric(id, "stats/hidden_W/" + stat);
      assertEquals(List.of(0L, 4L, 8L), points.stream().map(MetricPoint::step).toList(), stat);
      assertTrue(points.stream().allMatch(p -> p.value() > 0 && Double.isFinite(p.value())), stat + " " + points);
    }
    assertTrue(r.metrics().containsKey("val.mse"), r.metrics().keySet().toString());
    assertTrue(r.metrics().containsKey("val.r2/col_0"), r.metrics().keySet().toString());
  }

  @Test
  void aRestoredNetworkGoesOnCountingFromWhereItWasSaved() throws Exception {
    Path csv = Iris.prepare(lineage, 5).output("iris-shuffled").path();
    File saved = dir.resolve("base.zip").toFile();
    try (Run run = lineage.newRun("pretrain")) {
      MultiLayerNetwork net = Iris.network(0.01);
      net.setListeners(LineageListener.of(run));
      net.fit(Iris.batches(csv), 2);
      Dl4jModels.save(run, net, saved, "base-model");
      run.succeed();
    }
    RunId id;
    try (Run run = lineage.newRun("fine-tune")) {
      id = run.id();
      MultiLayerNetwork net = Dl4jModels.restoreMultiLayerNetwork(run, saved, "base-model");
      net.setListeners(LineageListener.of(run));
      net.fit(Iris.batches(csv), 2);
      run.succeed();
    }
    assertEquals(List.of(2.0, 3.0), metric(id, "epoch").stream().map(MetricPoint::value).toList());
    assertEquals(2 * Iris.ITERATIONS_PER_EPOCH, metric(id, "score").size());
    assertEquals(30L, metric(id, "score").get(0).step(), "iterations continue from the saved model's");
    assertTrue(lineage.graph().upstream(Node.run(id)).hasArtifactNamed("base-model"));

    File refused = dir.resolve("refused.zip").toFile();
    MultiLayerNetwork net = Iris.network(0.01);
    Run closed = lineage.newRun("closed-first");
    closed.succeed();
    closed.close();
    assertThrows(InvalidInputException.class, () -> Dl4jModels.save(closed, net, refused, "late-model"));
    try (Run open = lineage.newRun("bad-name")) {
      assertThrows(InvalidInputException.class, () -> Dl4jModels.save(open, net, refused, "a/../b"));
      open.succeed();
    }
    assertFalse(refused.exists(), "a refused save leaves no model file that no run recorded");
    try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(dir)) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".part")).toList());
    }
  }

  @Test
  void aStorageFailureNeverReachesTrainingAndTheRunSaysItsTrackingIsIncomplete() throws Exception {
    FaultInjectingBackend faulty = new FaultInjectingBackend(FileSystemBackend.open(dir.resolve("faulty")));
    Warnings logged = Warnings.of("dev.lineage.dl4j.LineageListener");
    List<LogRecord> warnings = logged.list();
    try (Lineage failing = Lineage.builder().backend(faulty).cacheDir(dir.resolve("cache2")).tempDir(dir)
        .systemMetrics(false).build()) {
      Path csv = Iris.prepare(lineage, 9).output("iris-shuffled").path();
      MultiLayerNetwork net = Iris.network(0.01);
      RunId id;
      try (Run run = failing.newRun("train-on-flaky-storage")) {
        id = run.id();
        faulty.failNext(FaultInjectingBackend.Operation.PUT, k -> k.startsWith("blobs/"),
            FaultInjectingBackend.Fault.TRANSIENT, 1_000);
        net.setListeners(LineageListener.of(run));
        double before = net.score(Iris.batches(csv).next());
        assertDoesNotThrow(() -> net.fit(Iris.batches(csv), 3));
        assertTrue(net.score(Iris.batches(csv).next()) < before, "training went on and learnt");
        faulty.healthy();
        run.succeed();
      }
      RunRecord r = failing.runRecord(id);
      assertEquals(RunStatus.INCOMPLETE, r.status(), "a run whose tracking was incomplete never reads SUCCEEDED");
      assertTrue(r.trackingErrors().get(0).startsWith("the DL4J listener could not record the network "
          + "configuration"), r.trackingErrors().toString());
      assertEquals(3 * Iris.ITERATIONS_PER_EPOCH, failing.metric(id, "score").size(), "what could be stored was");
      assertEquals(1, warnings.size(), "logged once: " + warnings);

      Run closed = failing.newRun("closed-early"); // closed before the training it listens to
      try {
        MultiLayerNetwork other = Iris.network(0.01);
        other.setListeners(LineageListener.of(closed));
        closed.succeed();
        closed.close();
        warnings.clear();
        assertDoesNotThrow(() -> other.fit(Iris.batches(csv), 1), "a closed run does not stop training");
        assertEquals(1, warnings.size(), "one warning: " + warnings);
        assertTrue(warnings.get(0).getMessage().contains("ended (SUCCEEDED) before this training"),
            warnings.get(0).getMessage());
        assertFalse(warnings.get(0).getMessage().contains("second network"), "not a misleading reason");
      } finally {
        closed.close();
      }
    } finally {
      logged.close();
    }
  }

  @Test
  void optionsAreCheckedWhenSetAndSetOnce() {
    try (Run run = lineage.newRun("options")) {
      assertThrows(InvalidInputException.class, () -> LineageListener.builder(run).every(0));
      assertThrows(InvalidInputException.class, () -> LineageListener.builder(run).layerStatistics(-1));
      assertThrows(InvalidInputException.class, () -> LineageListener.builder(run).every(2).every(3));
      assertThrows(InvalidInputException.class, () -> LineageListener.builder(null));
      assertThrows(InvalidInputException.class, () -> Dl4jEvaluations.log(run, " ", new Evaluation()));
      run.succeed();
    }
  }
}
