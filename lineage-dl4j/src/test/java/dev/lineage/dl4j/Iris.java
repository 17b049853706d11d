package dev.lineage.dl4j;

import dev.lineage.Lineage;
import dev.lineage.step.StepResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The Iris classifier of DL4J's examples, offline: the 150 rows of {@code iris.dat} that ship inside
 * {@code deeplearning4j-core} (DL4J's own IrisDataSetIterator would try to download them), read with a
 * CSVRecordReader from a file a cached step prepares.
 */
final class Iris {
  static final int BATCH = 10;
  static final int ITERATIONS_PER_EPOCH = 150 / BATCH;

  private Iris() {}

  /** The cached step that writes the shuffled data set; a hit the second time with the same seed. */
  static StepResult prepare(Lineage lineage, long seed) throws IOException {
    return lineage.step("prepare-iris").param("seed", seed).code(Iris.class).run(ctx -> {
      List<String> rows = rows();
      Collections.shuffle(rows, new Random(seed));
      Path file = Files.write(ctx.outputDir().resolve("iris.csv"), rows);
      ctx.produce(file, "iris-shuffled");
    });
  }

  /** The 150 rows, as they ship, in a file under {@code dir} (no Lineage needed). */
  static Path csv(Path dir) throws IOException {
    return Files.write(dir.resolve("iris.csv"), rows());
  }

  private static List<String> rows() throws IOException {
    try (InputStream in = Iris.class.getClassLoader().getResourceAsStream("iris.dat")) {
      return new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).toList());
    }
  }

  /** Batches of {@link #BATCH} from the prepared file, standardised. */
  static DataSetIterator batches(Path csv) throws Exception {
    CSVRecordReader reader = new CSVRecordReader(0, ',');
    reader.initialize(new FileSplit(csv.toFile()));
    DataSetIterator it = new RecordReaderDataSetIterator(reader, BATCH, 4, 3);
    NormalizerStandardize normalizer = new NormalizerStandardize();
    normalizer.fit(it);
    it.setPreProcessor(normalizer);
    it.reset();
    return it;
  }

  static MultiLayerConfiguration configuration(double learningRate) {
    return new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(learningRate)).list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build();
  }

  static MultiLayerNetwork network(double learningRate) {
    MultiLayerNetwork net = new MultiLayerNetwork(configuration(learningRate));
    net.init();
    return net;
  }
}
