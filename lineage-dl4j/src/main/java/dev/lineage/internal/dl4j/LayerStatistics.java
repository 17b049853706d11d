package dev.lineage.internal.dl4j;

import dev.lineage.RunWriter;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-parameter L2 norms, in the spirit of DL4J's StatsListener: of the gradients as backpropagation left them
 * (before the updater), and, once the iteration is done, of the parameters and of the updates (DL4J's updater
 * turns the gradient arrays into the updates it applied).
 */
public final class LayerStatistics {
  private final Map<String, Double> gradientNorms = new HashMap<>();

  public void gradientsComputed(Model model) {
    gradientNorms.clear();
    Gradient g = model.gradient();
    if (g != null) {
      g.gradientForVariable().forEach((name, array) -> gradientNorms.put(name, norm(array)));
    }
  }

  public void iterationDone(Model model, RunWriter run, int iteration) {
    for (Map.Entry<String, INDArray> p : model.paramTable().entrySet()) {
      run.logMetric("stats/" + p.getKey() + "/param_norm", norm(p.getValue()), iteration);
      Double gradient = gradientNorms.get(p.getKey());
      if (gradient != null) {
        run.logMetric("stats/" + p.getKey() + "/gradient_norm", gradient, iteration);
      }
    }
    Gradient update = model.gradient();
    if (update != null) {
      update.gradientForVariable().forEach((name, array) ->
          run.logMetric("stats/" + name + "/update_norm", norm(array), iteration));
    }
    gradientNorms.clear();
  }

  private static double norm(INDArray array) {
    return array == null ? Double.NaN : array.norm2Number().doubleValue();
  }
}
