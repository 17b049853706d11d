package dev.lineage.dl4j;

import dev.lineage.Experimental;
import dev.lineage.FailSafe;
import dev.lineage.InvalidInputException;
import dev.lineage.Run;
import dev.lineage.internal.dl4j.Network;
import java.io.File;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.listener.EarlyStoppingListener;
import org.deeplearning4j.nn.api.Model;

/**
 * Records what DL4J's {@code EarlyStoppingTrainer} (or {@code EarlyStoppingGraphTrainer}) decides into a
 * {@link Run}, beside the {@link LineageListener} that records each iteration:
 *
 * <pre>{@code
 * net.setListeners(LineageListener.of(run));
 * new EarlyStoppingTrainer(config, net, train, LineageEarlyStoppingListener.of(run)).fit();
 * }</pre>
 *
 * <p>Each scored epoch logs its validation score ({@code validation_score}, at DL4J's iteration count, the step of
 * the listener's {@code score}). On completion it logs the best epoch ({@code best_epoch}) and its score
 * ({@code best_validation_score}), each at the best epoch as step, and the termination as tags
 * ({@code early_stopping.termination}: DL4J's reason, {@code early_stopping.termination_details}: the condition
 * that ended it). With {@link Builder#bestModel} the best model, which the trainer returns and the training's last
 * network is not, is saved and recorded as the run's output ({@link Dl4jModels#save}).
 *
 * <p>Like the listener it never throws into training: a failure to record is logged once and the run records that
 * its tracking was incomplete.
 *
 * @param <T> the network type of the trainer ({@code MultiLayerNetwork} or {@code ComputationGraph})
 *
 * @since 0.1.0
 */
@Experimental
public final class LineageEarlyStoppingListener<T extends Model> implements EarlyStoppingListener<T> {
  private static final String LOGGER = "dev.lineage.dl4j.LineageEarlyStoppingListener";

  private final Run run;
  private final File bestModelFile;
  private final String bestModelName;
  private final FailSafe quietly;

  private LineageEarlyStoppingListener(Builder<T> b) {
    this.run = b.run;
    this.bestModelFile = b.bestModelFile;
    this.bestModelName = b.bestModelName;
    this.quietly = FailSafe.of(run, "the DL4J early-stopping listener", "training", LOGGER);
  }

  /** A listener that records the scores and the outcome, and saves no model. */
  public static <T extends Model> LineageEarlyStoppingListener<T> of(Run run) {
    return LineageEarlyStoppingListener.<T>builder(run).build();
  }

  /** Options for a listener of {@code run}; each may be set once, and is checked when it is set. */
  public static <T extends Model> Builder<T> builder(Run run) {
    if (run == null) {
      throw new InvalidInputException("run", "must not be null");
    }
    return new Builder<>(run);
  }

  @Override
  public void onStart(EarlyStoppingConfiguration<T> configuration, T model) {
    // The conditions are the trainer's configuration, which the run's code and params already say.
  }

  @Override
  public void onEpoch(int epoch, double score, EarlyStoppingConfiguration<T> configuration, T model) {
    quietly.run("a validation score", () -> run.logMetric("validation_score", score,
        Network.of(model).iterations()));
  }

  @Override
  public void onCompletion(EarlyStoppingResult<T> result) {
    quietly.run("the early-stopping result", () -> {
      run.logMetric("best_epoch", result.getBestModelEpoch(), result.getBestModelEpoch());
      run.logMetric("best_validation_score", result.getBestModelScore(), result.getBestModelEpoch());
      run.setTag("early_stopping.termination", String.valueOf(result.getTerminationReason()));
      if (result.getTerminationDetails() != null && !result.getTerminationDetails().isBlank()) {
        run.setTag("early_stopping.termination_details", result.getTerminationDetails());
      }
    });
    if (bestModelFile != null) {
      quietly.run("the best model", () -> {
        T best = result.getBestModel();
        if (best == null) {
          throw new IllegalStateException("the trainer kept no best model (its model saver returned none)");
        }
        Dl4jModels.save(run, best, bestModelFile, bestModelName);
      });
    }
  }

  /** Options of a {@link LineageEarlyStoppingListener}. */
  public static final class Builder<T extends Model> {
    private final Run run;
    private File bestModelFile;
    private String bestModelName;

    private Builder(Run run) {
      this.run = run;
    }

    /**
     * On completion, saves the trainer's best model to {@code file} and records it as the run's output named
     * {@code name} ({@link Dl4jModels#save}).
     */
    public Builder<T> bestModel(File file, String name) {
      if (bestModelFile != null) {
        throw new InvalidInputException("bestModel", "was already set to " + bestModelFile
            + " (each option may be set once)");
      }
      if (file == null) {
        throw new InvalidInputException("bestModel.file", "must not be null");
      }
      if (name == null || name.isBlank()) {
        throw new InvalidInputException("bestModel.name", "must not be blank");
      }
      this.bestModelFile = file;
      this.bestModelName = name;
      return this;
    }

    /** The listener, with the options set so far. */
    public LineageEarlyStoppingListener<T> build() {
      return new LineageEarlyStoppingListener<>(this);
    }
  }
}
