package dev.lineage.dl4j;

import dev.lineage.Lineage;
import dev.lineage.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * How long the listener holds DL4J's training thread on a network's first iteration in a fresh JVM (the issue
 * measured 1.9-4.4 s): one {@code fit(DataSet)} of an Iris batch, with the listener's callbacks timed from outside.
 * Prints {@code FIRST_CALL_MS <ms>}. Not a test: run in fresh JVMs, paired against another build's jars, by
 * {@code benchmarks/dl4j-first-call.sh} (docs/benchmarks.md).
 */
public final class FirstCallStall {
  private FirstCallStall() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("lineage-first-call");
    MultiLayerNetwork net = Iris.network(0.01);
    DataSet batch = Iris.batches(Iris.csv(dir)).next();
    net.fit(batch); // DL4J's own first-iteration warm-up, outside the measurement
    try (Lineage lineage = Lineage.builder().store(dir.resolve("store").toString()).cacheDir(dir.resolve("cache"))
        .tempDir(dir).systemMetrics(false).build(); Run run = lineage.newRun("first-call")) {
      Timed timed = new Timed(LineageListener.of(run));
      net.setListeners(timed);
      net.fit(batch);
      System.out.printf("FIRST_CALL_MS %.1f%n", timed.nanos / 1e6);
      run.succeed();
    }
  }

  /** Forwards every callback, summing the time spent inside them on the training thread. */
  private static final class Timed implements TrainingListener {
    private final TrainingListener inner;
    private long nanos;

    Timed(TrainingListener inner) {
      this.inner = inner;
    }

    private void timed(Runnable call) {
      long start = System.nanoTime();
      call.run();
      nanos += System.nanoTime() - start;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
      timed(() -> inner.iterationDone(model, iteration, epoch));
    }

    @Override
    public void onEpochStart(Model model) {
      timed(() -> inner.onEpochStart(model));
    }

    @Override
    public void onEpochEnd(Model model) {
      timed(() -> inner.onEpochEnd(model));
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
      timed(() -> inner.onForwardPass(model, activations));
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
      timed(() -> inner.onForwardPass(model, activations));
    }

    @Override
    public void onGradientCalculation(Model model) {
      timed(() -> inner.onGradientCalculation(model));
    }

    @Override
    public void onBackwardPass(Model model) {
      timed(() -> inner.onBackwardPass(model));
    }
  }
}
