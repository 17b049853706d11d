package dev.lineage.dl4j;

import dev.lineage.Experimental;
import dev.lineage.InvalidInputException;
import dev.lineage.RunWriter;
import java.util.List;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;

/**
 * Logs a DL4J evaluation's results as the run's metrics, with one call: {@code prefix.accuracy},
 * {@code prefix.f1}, ... for a classification; {@code prefix.mse}, {@code prefix.r2}, ... (averaged over the
 * columns) and {@code prefix.mse/<column>}, ... per column for a regression. Each is logged at the metric's next
 * step, so evaluating every epoch makes a series and its last point is the final value.
 *
 * @since 0.1.0
 */
@Experimental
public final class Dl4jEvaluations {
  private Dl4jEvaluations() {}

  /** Accuracy, precision, recall and F1 (DL4J's macro averages), and the number of examples evaluated. */
  public static void log(RunWriter run, String prefix, Evaluation evaluation) {
    check(run, prefix, evaluation);
    run.logMetric(prefix + ".accuracy", evaluation.accuracy());
    run.logMetric(prefix + ".precision", evaluation.precision());
    run.logMetric(prefix + ".recall", evaluation.recall());
    run.logMetric(prefix + ".f1", evaluation.f1());
    run.logMetric(prefix + ".examples", evaluation.getNumRowCounter());
  }

  /** MSE, MAE, RMSE, R² and Pearson correlation, averaged over the columns and per column. */
  public static void log(RunWriter run, String prefix, RegressionEvaluation evaluation) {
    check(run, prefix, evaluation);
    run.logMetric(prefix + ".mse", evaluation.averageMeanSquaredError());
    run.logMetric(prefix + ".mae", evaluation.averageMeanAbsoluteError());
    run.logMetric(prefix + ".rmse", evaluation.averagerootMeanSquaredError());
    run.logMetric(prefix + ".r2", evaluation.averageRSquared());
    run.logMetric(prefix + ".pearson", evaluation.averagePearsonCorrelation());
    List<String> names = evaluation.getColumnNames();
    for (int c = 0; c < evaluation.numColumns(); c++) {
      String column = names != null && c < names.size() && names.get(c) != null ? names.get(c) : "col_" + c;
      run.logMetric(prefix + ".mse/" + column, evaluation.meanSquaredError(c));
      run.logMetric(prefix + ".mae/" + column, evaluation.meanAbsoluteError(c));
      run.logMetric(prefix + ".r2/" + column, evaluation.rSquared(c));
    }
  }

  private static void check(RunWriter run, String prefix, Object evaluation) {
    if (run == null) {
      throw new InvalidInputException("run", "must not be null");
    }
    if (prefix == null || prefix.isBlank()) {
      throw new InvalidInputException("prefix", "must not be blank: it names the metrics, as in 'test'");
    }
    if (evaluation == null) {
      throw new InvalidInputException("evaluation", "must not be null");
    }
  }
}
