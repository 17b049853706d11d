package dev.lineage.samples.dl4j;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.RunRecord;
import dev.lineage.dl4j.Dl4jEvaluations;
import dev.lineage.dl4j.Dl4jModels;
import dev.lineage.dl4j.LineageListener;
import dev.lineage.query.Node;
import dev.lineage.samples.LineageTree;
import dev.lineage.step.StepResult;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J's Iris classifier, recorded with Lineage: copy it. What Lineage adds to a DL4J program is marked
 * {@code // Lineage}: a run around the training, one listener, a cached data preparation, and the helpers that
 * record the saved model and the evaluation (docs/dl4j.md).
 *
 * <pre>mvn -B -q -pl samples -am package -DskipTests exec:java -Dexec.mainClass=dev.lineage.samples.IrisTraining</pre>
 */
public final class IrisTraining {
  private IrisTraining() {}

  public static void main(String[] args) throws Exception {
    try (Lineage lineage = Lineage.open()) { // Lineage: LINEAGE_STORE, -Dlineage.store, else ./lineage-store
      Outcome outcome = train(lineage, Path.of("lineage-work", "iris"), Integer.getInteger("iris.epochs", 30));
      RunRecord run = lineage.runRecord(outcome.trainRun());
      System.out.printf(Locale.ROOT, "Iris: accuracy %.3f after %d iterations, %.0f%% of the time waiting for data%n",
          run.metrics().get("test.accuracy").lastValue(), run.metrics().get("score").count(),
          run.inputWait().orElseThrow().waitingFraction() * 100);
      System.out.println("Upstream of the model " + outcome.model().digest() + ":");
      LineageTree.render(lineage.graph().upstream(Node.artifact(outcome.model().digest())))
          .forEach(l -> System.out.println("  " + l));
    }
  }

  /** The training run, and the model it saved. */
  public record Outcome(dev.lineage.RunId trainRun, Artifact model, boolean dataWasCached) {}

  public static Outcome train(Lineage lineage, Path workDir, int epochs) throws Exception {
    Files.createDirectories(workDir);
    StepResult data = prepare(lineage, 42); // Lineage: recomputed only when its params or code change
    MultiLayerNetwork net = new MultiLayerNetwork(configuration());
    net.init();
    try (Run run = lineage.newRun("train-iris")) { // Lineage
      run.logParam("epochs", epochs); // Lineage
      Path csv = data.output("iris").path();
      run.use(csv, "iris"); // Lineage: the data this training read
      net.setListeners(new ScoreIterationListener(50), LineageListener.of(run)); // Lineage: the one added line
      DataSetIterator batches = batches(csv);
      net.fit(batches, epochs);
      Evaluation evaluation = net.evaluate(batches);
      Dl4jEvaluations.log(run, "test", evaluation); // Lineage
      File file = workDir.resolve("iris-model.zip").toFile();
      Artifact model = Dl4jModels.save(run, net, file, "iris-model"); // Lineage: ModelSerializer, then recorded
      run.succeed(); // Lineage
      return new Outcome(run.id(), model, data.cacheHit());
    }
  }

  /** Shuffles the 150 rows of iris.dat (shipped inside deeplearning4j-core) into a CSV, as a cached step. */
  static StepResult prepare(Lineage lineage, long seed) throws IOException {
    return lineage.step("prepare-iris").param("seed", seed).run(ctx -> {
      List<String> rows;
      try (InputStream in = IrisTraining.class.getClassLoader().getResourceAsStream("iris.dat")) {
        rows = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
            .filter(l -> !l.isBlank()).toList());
      }
      Collections.shuffle(rows, new Random(seed));
      ctx.produce(Files.write(ctx.outputDir().resolve("iris.csv"), rows), "iris");
    });
  }

  static DataSetIterator batches(Path csv) throws Exception {
    CSVRecordReader reader = new CSVRecordReader(0, ',');
    reader.initialize(new FileSplit(csv.toFile()));
    DataSetIterator batches = new RecordReaderDataSetIterator(reader, 10, 4, 3);
    NormalizerStandardize normalizer = new NormalizerStandardize();
    normalizer.fit(batches);
    batches.setPreProcessor(normalizer);
    batches.reset();
    return batches;
  }

  static MultiLayerConfiguration configuration() {
    return new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(0.01)).list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build();
  }
}
