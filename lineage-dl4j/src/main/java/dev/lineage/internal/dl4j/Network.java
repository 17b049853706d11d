package dev.lineage.internal.dl4j;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** What the listener reads of a network, the same way for a MultiLayerNetwork and a ComputationGraph. */
public abstract class Network {
  final Model model;

  private Network(Model model) {
    this.model = model;
  }

  public static Network of(Model model) {
    if (model instanceof MultiLayerNetwork m) {
      return new Multi(m);
    }
    if (model instanceof ComputationGraph g) {
      return new Graph(g);
    }
    return new Other(model);
  }


  /**
   * The configuration as it is now, copied on the caller's thread (a clone, no serialising), to be turned into
   * JSON on another: training goes on counting iterations in the live configuration meanwhile.
   */
  public abstract java.util.function.Supplier<InputStream> configurationSnapshot();

  static java.util.function.Supplier<InputStream> json(java.util.function.Supplier<String> toJson) {
    return () -> new ByteArrayInputStream(toJson.get().getBytes(StandardCharsets.UTF_8));
  }

  /** Each layer's current learning rate, by layer name, for the layers that have one. */
  public abstract Map<String, Double> learningRates();

  /**
   * How long DL4J's own {@code fit(iterator)} waited for the last batch, in milliseconds: 0 before any, and the
   * last such wait after it ({@link FitCaller} says whether it belongs to this iteration).
   */
  public abstract long lastEtlMillis();

  /** The features the network trains on now (the first input of a graph), or null. */
  public abstract Object input();

  /** DL4J's count of the iterations trained so far (the step of the listener's metrics). */
  public abstract long iterations();

  abstract List<NeuralNetConfiguration> layerConfigurations();

  abstract Map<String, Object> settings();

  /** The main hyperparameters, as {@code dl4j.*} params. */
  public Map<String, Object> hyperparameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("dl4j.model", model.getClass().getSimpleName());
    List<NeuralNetConfiguration> layers = layerConfigurations();
    p.put("dl4j.layers", (long) layers.size());
    p.put("dl4j.layer_types", String.join(",", layers.stream().map(c -> c.getLayer().getClass().getSimpleName())
        .toList()));
    p.put("dl4j.parameters", model.numParams());
    TreeSet<String> updaters = new TreeSet<>();
    for (NeuralNetConfiguration c : layers) {
      if (c.getLayer() instanceof BaseLayer b && b.getIUpdater() != null) {
        updaters.add(b.getIUpdater().toString());
      }
    }
    if (!updaters.isEmpty()) {
      p.put("dl4j.updater", String.join("; ", updaters));
    }
    p.putAll(settings());
    return p;
  }

  static String layerName(NeuralNetConfiguration c, int index) {
    String name = c.getLayer().getLayerName();
    return name != null ? name : "layer" + index;
  }

  private static final class Multi extends Network {
    private final MultiLayerNetwork net;

    Multi(MultiLayerNetwork net) {
      super(net);
      this.net = net;
    }

    @Override
    public java.util.function.Supplier<InputStream> configurationSnapshot() {
      MultiLayerConfiguration copy = net.getLayerWiseConfigurations().clone();
      return json(copy::toJson);
    }

    @Override
    List<NeuralNetConfiguration> layerConfigurations() {
      return net.getLayerWiseConfigurations().getConfs();
    }

    @Override
    Map<String, Object> settings() {
      Map<String, Object> s = new LinkedHashMap<>();
      List<NeuralNetConfiguration> confs = layerConfigurations();
      if (!confs.isEmpty()) {
        s.put("dl4j.seed", confs.get(0).getSeed());
      }
      s.put("dl4j.data_type", String.valueOf(net.getLayerWiseConfigurations().getDataType()));
      s.put("dl4j.workspace_mode", String.valueOf(net.getLayerWiseConfigurations().getTrainingWorkspaceMode()));
      return s;
    }

    @Override
    public Map<String, Double> learningRates() {
      Map<String, Double> rates = new LinkedHashMap<>();
      List<NeuralNetConfiguration> confs = layerConfigurations();
      for (int i = 0; i < confs.size(); i++) {
        Double rate = net.getLearningRate(i);
        if (rate != null) {
          rates.put(layerName(confs.get(i), i), rate);
        }
      }
      return rates;
    }

    @Override
    public long lastEtlMillis() {
      return net.getLastEtlTime();
    }

    @Override
    public Object input() {
      return net.getInput();
    }

    @Override
    public long iterations() {
      return net.getIterationCount();
    }
  }

  private static final class Graph extends Network {
    private final ComputationGraph graph;

    Graph(ComputationGraph graph) {
      super(graph);
      this.graph = graph;
    }

    @Override
    public java.util.function.Supplier<InputStream> configurationSnapshot() {
      ComputationGraphConfiguration live = graph.getConfiguration();
      ComputationGraphConfiguration copy = live.clone();
      // The order the graph computed when it was initialised is not cloned, but it is in the JSON.
      copy.setTopologicalOrder(live.getTopologicalOrder());
      copy.setTopologicalOrderStr(live.getTopologicalOrderStr());
      return json(copy::toJson);
    }

    @Override
    List<NeuralNetConfiguration> layerConfigurations() {
      return java.util.Arrays.stream(graph.getLayers()).map(Layer::conf).toList();
    }

    @Override
    Map<String, Object> settings() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("dl4j.seed", graph.getConfiguration().getDefaultConfiguration().getSeed());
      s.put("dl4j.data_type", String.valueOf(graph.getConfiguration().getDataType()));
      s.put("dl4j.workspace_mode", String.valueOf(graph.getConfiguration().getTrainingWorkspaceMode()));
      return s;
    }

    @Override
    public Map<String, Double> learningRates() {
      Map<String, Double> rates = new LinkedHashMap<>();
      List<NeuralNetConfiguration> confs = layerConfigurations();
      for (int i = 0; i < confs.size(); i++) {
        String name = layerName(confs.get(i), i);
        Double rate = graph.getLearningRate(name);
        if (rate != null) {
          rates.put(name, rate);
        }
      }
      return rates;
    }

    @Override
    public long lastEtlMillis() {
      return graph.getLastEtlTime();
    }

    @Override
    public Object input() {
      Object[] inputs = graph.getInputs();
      return inputs == null || inputs.length == 0 ? null : inputs[0];
    }

    @Override
    public long iterations() {
      return graph.getIterationCount();
    }
  }

  /** A model that is neither (a single layer trained alone): its class and size only. */
  private static final class Other extends Network {
    Other(Model model) {
      super(model);
    }

    @Override
    public java.util.function.Supplier<InputStream> configurationSnapshot() {
      NeuralNetConfiguration copy = model.conf().clone();
      return json(copy::toJson);
    }

    @Override
    List<NeuralNetConfiguration> layerConfigurations() {
      return List.of(model.conf());
    }

    @Override
    Map<String, Object> settings() {
      return Map.of();
    }

    @Override
    public Map<String, Double> learningRates() {
      return Map.of();
    }

    @Override
    public long lastEtlMillis() {
      return 0;
    }

    @Override
    public Object input() {
      return null;
    }

    @Override
    public long iterations() {
      return model.conf().getIterationCount();
    }
  }
}
