package dev.lineage.samples;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.RunRecord;
import dev.lineage.step.StepResult;
import java.util.List;
import java.util.Locale;

/**
 * The demo: a four-step churn pipeline (prepare data, featurize, train, evaluate) on synthetic data, every
 * step cached and recorded with Lineage. Run it twice: the second run is all cache hits. Change a param
 * ({@code -Ddemo.epochs=40}) and only that step and what follows it recompute.
 *
 * <p>The store is {@code -Dlineage.store}, else {@code LINEAGE_STORE}, else {@code ./lineage-store}.
 */
public final class ChurnDemo {
  private ChurnDemo() {}

  public static void main(String[] args) throws Exception {
    try (Lineage lineage = Lineage.open()) {
      ChurnPipeline.Outcome outcome = run(lineage, ChurnPipeline.Params.fromSystemProperties());
      System.out.println("Store: " + lineage.store());
      System.out.println("Run again: every step is a cache hit. Try -Ddemo.epochs=40: only train and evaluate rerun.");
    }
  }

  static ChurnPipeline.Outcome run(Lineage lineage, ChurnPipeline.Params params) throws Exception {
    System.out.println();
    System.out.println("Churn pipeline " + params);
    ChurnPipeline.Outcome outcome = ChurnPipeline.run(lineage, params);
    ChurnPipeline.print(lineage, outcome);
    StepResult train = outcome.steps().get("train");
    RunRecord computed = lineage.runRecord(train.computedBy());
    List<MetricPoint> loss = lineage.metric(train.computedBy(), "loss");
    Artifact model = train.output("churn-model").artifact();
    System.out.printf(Locale.ROOT, "  model %s (%d bytes), trained by run %s%n", model.digest(), model.size(),
        computed.id());
    System.out.printf(Locale.ROOT, "  training loss %.4f -> %.4f over %d epochs; test accuracy %.3f%n",
        loss.get(0).value(), loss.get(loss.size() - 1).value(), loss.size(), outcome.accuracy());
    System.out.println("  git " + computed.fingerprint().gitCommit().orElse("(no repository)") + " "
        + computed.fingerprint().gitState() + ", " + computed.fingerprint().jvmVendor() + " "
        + computed.fingerprint().jvmVersion());
    System.out.println();
    return outcome;
  }
}
