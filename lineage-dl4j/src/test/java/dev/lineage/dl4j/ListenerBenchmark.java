package dev.lineage.dl4j;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What the listener costs a training loop: the same network fitted on the same data with and without
 * {@code LineageListener} (every iteration logged), alternating, several times, medians and their ratio. Two
 * networks: an MNIST-sized multilayer perceptron (784-256-10, batches of 64: about a millisecond an iteration on a
 * CPU, where the listener's fixed cost per iteration is small) and the Iris network of the tests (4-8-3, batches
 * of 10: microseconds an iteration, the worst case for a per-iteration cost). Besides the two medians, it prints
 * the median of the with/without ratio of each pair (steadier when the machine drifts) and the share of the fit
 * the training thread spent inside the listener's callbacks, measured directly. Not a test: run it with
 *
 * <pre>mvn -B -q test-compile exec:java -pl lineage-dl4j -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.lineage.dl4j.ListenerBenchmark</pre>
 */
public final class ListenerBenchmark {
  private ListenerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int reps = Integer.getInteger("reps", 7);
    Path dir = Files.createTempDirectory("lineage-dl4j-bench");
    System.out.println("machine: " + machine());
    try (Lineage lineage = Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).systemMetrics(false).build()) {
      measure(lineage, "MLP 784-256-10, batch 64, 3 epochs of 64 batches", () -> mlp(), data(4096, 784, 10, 64), 3,
          reps);
      measure(lineage, "Iris 4-8-3, batch 10, 40 epochs of 15 batches", () -> Iris.network(0.01),
          data(150, 4, 3, 10), 40, reps);
    }
  }

  private interface Network {
    MultiLayerNetwork create();
  }

  private static void measure(Lineage lineage, String what, Network network, DataSetIterator data, int epochs,
      int reps) {
    fit(lineage, network.create(), data, epochs, null); // warm-up, both ways
    fit(lineage, network.create(), data, epochs, new Timed());
    double[] without = new double[reps];
    double[] with = new double[reps];
    double[] pairs = new double[reps];
    double[] inCallbacks = new double[reps];
    for (int r = 0; r < reps; r++) {
      without[r] = fit(lineage, network.create(), data, epochs, null);
      Timed timed = new Timed();
      with[r] = fit(lineage, network.create(), data, epochs, timed);
      pairs[r] = with[r] / without[r];
      inCallbacks[r] = timed.nanos / 1e6 / with[r];
    }
    System.out.printf(Locale.ROOT, "%s (ms, %d runs each, alternating):%n", what, reps);
    System.out.printf(Locale.ROOT, "  fit without the listener   : median %,.1f  %s%n", median(without), list(without));
    System.out.printf(Locale.ROOT, "  fit with LineageListener   : median %,.1f  %s%n", median(with), list(with));
    System.out.printf(Locale.ROOT, "  with/without, pair by pair : median %+.2f%%  (target <= 2%%)%n",
        (median(pairs) - 1) * 100);
    System.out.printf(Locale.ROOT, "  time inside the listener   : median %.3f%% of the fit  %s%n",
        median(inCallbacks) * 100, list(Arrays.stream(inCallbacks).map(v -> v * 100).toArray()));
  }

  /** The listener, with the time DL4J's training thread spends in its callbacks summed. */
  private static final class Timed {
    long nanos;

    TrainingListener around(LineageListener l) {
      return new TrainingListener() {
        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
          long t = System.nanoTime();
          l.iterationDone(model, iteration, epoch);
          nanos += System.nanoTime() - t;
        }

        @Override
        public void onEpochStart(Model model) {
          long t = System.nanoTime();
          l.onEpochStart(model);
          nanos += System.nanoTime() - t;
        }

        @Override
        public void onEpochEnd(Model model) {
          long t = System.nanoTime();
          l.onEpochEnd(model);
          nanos += System.nanoTime() - t;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
          long t = System.nanoTime();
          l.onForwardPass(model, activations);
          nanos += System.nanoTime() - t;
        }

        @Override
        public void onForwardPass(Model model, java.util.Map<String, INDArray> activations) {
          long t = System.nanoTime();
          l.onForwardPass(model, activations);
          nanos += System.nanoTime() - t;
        }

        @Override
        public void onGradientCalculation(Model model) {
          long t = System.nanoTime();
          l.onGradientCalculation(model);
          nanos += System.nanoTime() - t;
        }

        @Override
        public void onBackwardPass(Model model) {
          long t = System.nanoTime();
          l.onBackwardPass(model);
          nanos += System.nanoTime() - t;
        }
      };
    }
  }

  private static double fit(Lineage lineage, MultiLayerNetwork net, DataSetIterator data, int epochs,
      Timed listening) {
    try (Run run = lineage.newRun(listening != null ? "with-listener" : "without")) {
      if (listening != null) {
        net.setListeners(listening.around(LineageListener.of(run)));
      }
      data.reset();
      long start = System.nanoTime();
      net.fit(data, epochs);
      double ms = (System.nanoTime() - start) / 1e6;
      run.succeed();
      return ms;
    }
  }

  private static MultiLayerNetwork mlp() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).list()
        .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(256).nOut(10)
            .activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** Random features and one-hot labels, held in memory: no ETL, so the comparison is compute alone. */
  private static DataSetIterator data(int examples, int features, int classes, int batch) {
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.rand(examples, features);
    INDArray y = Nd4j.zeros(examples, classes);
    for (int i = 0; i < examples; i++) {
      y.putScalar(i, i % classes, 1.0);
    }
    List<DataSet> list = new ArrayList<>(new DataSet(x, y).asList());
    return new ListDataSetIterator<>(list, batch);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String list(double[] values) {
    return Arrays.toString(Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray());
  }

  private static String machine() throws java.io.IOException {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + ", "
        + Nd4j.getBackend().getClass().getSimpleName();
  }
}
