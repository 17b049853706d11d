package dev.lineage.samples;

import dev.lineage.Artifact;
import dev.lineage.GpuSummary;
import dev.lineage.Lineage;
import dev.lineage.MetricPoint;
import dev.lineage.RunRecord;
import dev.lineage.query.Closure;
import dev.lineage.query.Node;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.registry.ModelRegistry;
import dev.lineage.registry.ModelVersion;
import dev.lineage.step.StepResult;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The demo: a four-step churn pipeline (prepare data, featurize, train, evaluate) on synthetic data, every
 * step cached and recorded with Lineage. Run it twice: the second run is all cache hits. Change a param
 * ({@link #TRY_NEXT}) and only that step and what follows it recompute. The model is registered and
 * promoted to {@code production}, and the demo prints its upstream lineage and the alias history.
 *
 * <p>The store is {@code -Dlineage.store}, else {@code LINEAGE_STORE}, else {@code ./lineage-store}.
 */
public final class ChurnDemo {
  /** The change the README and the demo suggest: it changes the model, so train and evaluate recompute. */
  static final String TRY_NEXT = "-Ddemo.learningRate=0.02";

  private ChurnDemo() {}

  public static void main(String[] args) throws Exception {
    try (Lineage lineage = Lineage.open()) {
      ChurnPipeline.Outcome outcome = run(lineage, ChurnPipeline.Params.fromSystemProperties());
      System.out.println("Store: " + lineage.store());
      System.out.println("Run again: every step is a cache hit. Try " + TRY_NEXT + ": only train and evaluate rerun.");
      System.out.println();
      nextCommands(lineage, outcome).forEach(System.out::println);
    }
  }

  /** The three commands to run first after the demo (README), with this store and this training run filled in. */
  static List<String> nextCommands(Lineage lineage, ChurnPipeline.Outcome outcome) {
    boolean defaultStore = "file".equals(lineage.store().getScheme()) && java.nio.file.Path.of(lineage.store())
        .equals(java.nio.file.Path.of(Lineage.DEFAULT_STORE).toAbsolutePath().normalize());
    String store = defaultStore ? "" : " --store " + lineage.store();
    String cli = "lineage-cli/bin/lineage ";
    return List.of("Look at it from the command line (docs/cli.md):",
        "  " + cli + "runs" + store + "                        # every run, newest first",
        "  " + cli + "upstream " + MODEL + ":production" + store + "   # which data, params and code made the model",
        "  " + cli + "show " + outcome.steps().get("train").computedBy() + store
            + "   # the training run: params, metrics, inputs, outputs, fingerprint",
        "  " + cli + "rerun " + outcome.steps().get("train").computedBy() + store
            + "  # start it again from its record and compare (docs/reproduce.md)");
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

    List<GpuSummary> gpus = computed.gpus();
    if (gpus.isEmpty()) {
      System.out.println("  GPUs: none seen while training (no nvidia-smi on PATH); CPU and memory were sampled");
    }
    for (GpuSummary g : gpus) {
      System.out.printf(Locale.ROOT, "  GPU %d %s: utilisation mean %.0f%%, p50 %.0f%%, max %.0f%%; %.4f GPU-hours "
          + "held, %.4f idle%s%n", g.index(), g.uuid(), g.meanUtilization(), g.p50Utilization(), g.maxUtilization(),
          g.hoursHeld(), g.hoursIdle(), computed.gpuWasted() ? " (WASTED)" : "");
    }

    ModelVersion version = promote(lineage, train, outcome.accuracy());
    System.out.println();
    System.out.println("Upstream lineage of " + MODEL + " v" + version.version() + " (production):");
    Closure upstream = lineage.graph().upstream(Node.modelVersion(MODEL, version.version()));
    LineageTree.render(upstream).forEach(line -> System.out.println("  " + line));
    System.out.println();
    System.out.println("History of " + MODEL + ":production:");
    for (AliasMove m : lineage.registry().aliasHistory(MODEL, "production")) {
      System.out.printf(Locale.ROOT, "  #%d %s -> v%d by %s at %s: %s%n", m.sequence(),
          m.from().isPresent() ? "v" + m.from().getAsInt() : "(none)", m.to(), m.principal(), m.at(), m.reason());
    }
    System.out.println();
    return outcome;
  }

  static final String MODEL = "churn";

  /**
   * Registers the trained model (once per distinct model file) and moves {@code production} to it with a
   * reason, by compare-and-set against what production pointed to when we looked.
   */
  static ModelVersion promote(Lineage lineage, StepResult train, double accuracy) {
    Artifact model = train.output("churn-model").artifact();
    ModelRegistry registry = lineage.registry();
    List<ModelVersion> known = registry.models().contains(MODEL) ? registry.versions(MODEL) : List.of();
    ModelVersion version = known.stream().filter(v -> v.artifact().digest().equals(model.digest())).findFirst()
        .orElseGet(() -> registry.register(MODEL, model, train.computedBy()));
    OptionalInt current = registry.alias(MODEL, "production").map(v -> OptionalInt.of(v.version()))
        .orElse(OptionalInt.empty());
    if (current.isEmpty() || current.getAsInt() != version.version()) {
      registry.moveAlias(AliasMoveRequest.builder(MODEL, "production").expected(current).to(version.version())
          .reason(String.format(Locale.ROOT, "demo pipeline: test accuracy %.3f", accuracy)).source("ChurnDemo")
          .build());
    }
    return version;
  }
}
