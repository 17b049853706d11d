package dev.lineage.samples;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.Run;
import dev.lineage.RunId;
import dev.lineage.RunRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The demo: make a synthetic churn dataset, train logistic regression on it, and record the run with Lineage.
 * The store is {@code -Dlineage.store}, else {@code LINEAGE_STORE}, else {@code ./lineage-store}.
 */
public final class ChurnDemo {
  private ChurnDemo() {}

  public static void main(String[] args) throws Exception {
    Path workDir = Path.of(args.length > 0 ? args[0] : "lineage-demo");
    RunId id = train(Lineage.open(), workDir);
    System.out.println("Recorded run " + id);
  }

  /** Trains and records one run, then prints what was recorded; closes {@code lineage}. */
  static RunId train(Lineage lineage, Path workDir) throws Exception {
    double learningRate = 0.01;
    int epochs = 20;
    try (lineage) {
      RunId id;
      Artifact data;
      Artifact saved;
      try (Run run = lineage.newRun("train-churn")) {
        run.logParam("learning_rate", learningRate).logParam("epochs", epochs).logParam("model", "logistic-regression");
        run.setTag("team", "retention");

        Path dataFile = SyntheticChurnData.write(workDir.resolve("data/train.csv"), 5_000, 42);
        data = run.use(dataFile, "churn-train");
        List<double[]> rows = SyntheticChurnData.read(dataFile);

        LogisticRegression model = new LogisticRegression(rows);
        for (int epoch = 0; epoch < epochs; epoch++) {
          run.logMetric("loss", model.epoch(rows, learningRate), epoch);
          run.logMetric("accuracy", model.accuracy(rows), epoch);
        }
        saved = run.produce(model.save(workDir.resolve("out/model.bin")), "churn-model");
        id = run.id();
      }
      print(lineage, id, data, saved);
      return id;
    }
  }

  private static void print(Lineage lineage, RunId id, Artifact data, Artifact model) {
    RunRecord record = lineage.runRecord(id);
    List<MetricPoint> loss = lineage.metric(id, "loss");
    List<MetricPoint> accuracy = lineage.metric(id, "accuracy");
    System.out.println();
    System.out.println("Lineage store : " + lineage.store());
    System.out.println("Run           : " + record.name() + " " + id + " (" + record.status() + ")");
    System.out.println("Params        : " + record.params());
    System.out.println("Tags          : " + record.tags());
    System.out.printf(Locale.ROOT, "Loss          : %.4f -> %.4f over %d epochs%n", loss.get(0).value(),
        loss.get(loss.size() - 1).value(), loss.size());
    System.out.printf(Locale.ROOT, "Accuracy      : %.3f%n", accuracy.get(accuracy.size() - 1).value());
    System.out.println("Input         : " + data.name().orElse("") + " " + data.digest() + " (" + data.size() + " bytes)");
    System.out.println("Output        : " + model.name().orElse("") + " " + model.digest() + " (" + model.size() + " bytes)");
    System.out.println("Git           : " + record.fingerprint().gitCommit().orElse("(no repository)") + " "
        + record.fingerprint().gitState());
    System.out.println("JVM           : " + record.fingerprint().jvmVendor() + " " + record.fingerprint().jvmVersion());
    System.out.println();
  }
}
