package dev.lineage.samples;

import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.step.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo pipeline, four cached steps: prepare data, featurize, train, evaluate. Each step's inputs are the
 * previous steps' outputs, so changing a param recomputes that step and everything downstream of it, and
 * nothing upstream.
 */
public final class ChurnPipeline {
  /** The pipeline's params; each belongs to one step. */
  public record Params(int rows, long seed, boolean interactions, double learningRate, int epochs) {
    public static Params defaults() {
      return new Params(20_000, 42, false, 0.01, 30);
    }

    /** The defaults, overridden by -Ddemo.rows, -Ddemo.interactions, -Ddemo.learningRate, -Ddemo.epochs. */
    static Params fromSystemProperties() {
      Params d = defaults();
      return new Params(Integer.getInteger("demo.rows", d.rows), d.seed,
          Boolean.parseBoolean(System.getProperty("demo.interactions", Boolean.toString(d.interactions))),
          Double.parseDouble(System.getProperty("demo.learningRate", Double.toString(d.learningRate))),
          Integer.getInteger("demo.epochs", d.epochs));
    }
  }

  /** What each step did, in order. */
  public record Outcome(Map<String, StepResult> steps, double accuracy) {}

  private ChurnPipeline() {}

  public static Outcome run(Lineage lineage, Params p) throws IOException {
    Map<String, StepResult> steps = new LinkedHashMap<>();

    StepResult prepared = lineage.step("prepare-data").param("rows", p.rows()).param("seed", p.seed()).run(ctx -> {
      Path all = SyntheticChurnData.write(ctx.outputDir().resolve("all.csv"), p.rows(), p.seed());
      List<double[]> rows = SyntheticChurnData.read(all);
      int split = rows.size() * 4 / 5;
      ctx.produce(SyntheticChurnData.writeRows(ctx.outputDir().resolve("train.csv"), SyntheticChurnData.HEADER,
          rows.subList(0, split)), "train-data");
      ctx.produce(SyntheticChurnData.writeRows(ctx.outputDir().resolve("test.csv"), SyntheticChurnData.HEADER,
          rows.subList(split, rows.size())), "test-data");
      Files.delete(all);
    });
    steps.put("prepare-data", prepared);

    StepResult features = lineage.step("featurize").param("interactions", p.interactions())
        .input("train-data", prepared.output("train-data"))
        .input("test-data", prepared.output("test-data"))
        .run(ctx -> {
          for (String split : List.of("train", "test")) {
            List<double[]> rows = SyntheticChurnData.read(ctx.input(split + "-data"));
            Path out = SyntheticChurnData.writeRows(ctx.outputDir().resolve(split + "-features.csv"), "features",
                featurize(rows, p.interactions()));
            ctx.produce(out, split + "-features");
          }
        });
    steps.put("featurize", features);

    StepResult trained = lineage.step("train").param("learning_rate", p.learningRate()).param("epochs", p.epochs())
        .input("train-features", features.output("train-features"))
        .run(ctx -> {
          List<double[]> rows = SyntheticChurnData.read(ctx.input("train-features"));
          LogisticRegression model = new LogisticRegression(rows);
          for (int epoch = 0; epoch < p.epochs(); epoch++) {
            ctx.run().logMetric("loss", model.epoch(rows, p.learningRate()), epoch);
          }
          ctx.produce(model.save(ctx.outputDir().resolve("model.bin")), "churn-model");
        });
    steps.put("train", trained);

    StepResult evaluated = lineage.step("evaluate")
        .input("model", trained.output("churn-model"))
        .input("test-features", features.output("test-features"))
        .run(ctx -> {
          List<double[]> rows = SyntheticChurnData.read(ctx.input("test-features"));
          LogisticRegression model = LogisticRegression.load(ctx.input("model"), rows.get(0).length - 1);
          double accuracy = model.accuracy(rows);
          ctx.run().logMetric("test_accuracy", accuracy, 0);
          ctx.run().logMetric("test_log_loss", model.logLoss(rows), 0);
          Path report = ctx.outputDir().resolve("evaluation.txt");
          Files.writeString(report, String.format(Locale.ROOT, "accuracy=%.6f%nlog_loss=%.6f%n", accuracy,
              model.logLoss(rows)));
          ctx.produce(report, "evaluation");
        });
    steps.put("evaluate", evaluated);

    String report = Files.readString(evaluated.output("evaluation").path());
    double accuracy = Double.parseDouble(report.lines().findFirst().orElseThrow().substring("accuracy=".length()));
    return new Outcome(steps, accuracy);
  }

  /** Features as the model sees them: the raw three, optionally with pairwise products. */
  static List<double[]> featurize(List<double[]> rows, boolean interactions) {
    List<double[]> out = new ArrayList<>(rows.size());
    for (double[] r : rows) {
      double tenure = r[0];
      double spend = r[1];
      double calls = r[2];
      double label = r[3];
      out.add(interactions
          ? new double[] {tenure, spend, calls, tenure * spend, spend * calls, tenure * calls, label}
          : new double[] {tenure, spend, calls, label});
    }
    return out;
  }

  /** Prints each step's outcome and, for hits, the compute time the cache saved. */
  static void print(Lineage lineage, Outcome outcome) {
    Duration saved = Duration.ZERO;
    for (StepResult step : outcome.steps().values()) {
      RunRecord run = lineage.runRecord(step.runId());
      Duration took = Duration.between(run.startedAt(), run.endedAt().orElseThrow());
      String line = String.format(Locale.ROOT, "  %-13s %-4s %6d ms  run %s", step.step(),
          step.cacheHit() ? "hit" : "miss", took.toMillis(), step.runId());
      if (step.cacheHit()) {
        RunRecord computed = lineage.runRecord(step.computedBy());
        Duration original = Duration.between(computed.startedAt(), computed.endedAt().orElseThrow());
        Duration delta = original.minus(took);
        saved = saved.plus(delta.isNegative() ? Duration.ZERO : delta);
        line += "  (computed by " + step.computedBy() + " in " + original.toMillis() + " ms)";
      }
      System.out.println(line);
    }
    System.out.printf(Locale.ROOT, "  time saved by the step cache: %d ms%n", saved.toMillis());
  }
}
