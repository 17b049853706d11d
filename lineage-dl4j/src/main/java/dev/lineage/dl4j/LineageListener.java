package dev.lineage.dl4j;

import dev.lineage.Experimental;
import dev.lineage.FailSafe;
import dev.lineage.InvalidInputException;
import dev.lineage.Run;
import dev.lineage.RunStatus;
import dev.lineage.internal.dl4j.FitCaller;
import dev.lineage.internal.dl4j.IterationClock;
import dev.lineage.internal.dl4j.LayerStatistics;
import dev.lineage.internal.dl4j.Network;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Records a DL4J network's training into a {@link Run}, added with one line:
 *
 * <pre>{@code net.setListeners(new ScoreIterationListener(10), LineageListener.of(run));}</pre>
 *
 * <p>Each iteration logs the score ({@code score}), the time it waited for data and the time it computed
 * ({@code etl_ms}, {@code compute_ms}, and their sums as the run's {@link dev.lineage.InputWait}), each layer's
 * learning rate when it changes ({@code lr/<layer>}) and, when the epoch changes, {@code epoch}; the first
 * iteration of a network records its configuration (as an input artifact named {@code network-configuration},
 * the JSON of {@code conf.toJson()}) and its main hyperparameters as {@code dl4j.*} params. Steps are DL4J's own
 * iteration counts, and epochs DL4J's own epoch count, so they agree with the saved model: {@code fit(iterator)}
 * counts epochs itself; a hand-written {@code fit(DataSet)} loop counts them with {@code net.incrementEpochCount()}
 * after each pass (docs/dl4j.md).
 *
 * <p>It never throws into training: a failure to record is logged once, training goes on, and the run records that
 * its tracking was incomplete ({@link Run#markIncomplete}), so it is never {@code SUCCEEDED}.
 *
 * <p>One listener follows one training at a time, on DL4J's training thread, as DL4J calls listeners.
 *
 * @since 0.1.0
 */
@Experimental
public final class LineageListener implements TrainingListener {
  private final Run run;
  private final int every;
  private final int statisticsEvery;
  private final FailSafe quietly;
  private final java.util.concurrent.atomic.AtomicBoolean conflictLogged = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicBoolean endedWarned = new java.util.concurrent.atomic.AtomicBoolean();
  private final Set<Integer> described = ConcurrentHashMap.newKeySet();
  private final Map<String, Double> learningRates = new HashMap<>();
  private final IterationClock clock = new IterationClock();
  private LayerStatistics statistics;
  private int lastEpoch = -1;
  private int lastIteration = -1;
  private boolean epochListenersCalled;
  /**
   * Whether this epoch's iterations come from a network's own {@code fit(iterator)}: looked up once an epoch (a
   * stack walk, not one per iteration), null until then; outside an epoch never, since {@code fit(iterator)}
   * always starts one.
   */
  private Boolean fitIteratorThisEpoch = Boolean.FALSE;
  private java.lang.ref.WeakReference<Object> firstBatchOfEpoch = new java.lang.ref.WeakReference<>(null);
  private int lastEpochOfFirstBatch = -1;
  private final java.util.concurrent.atomic.AtomicBoolean epochZeroWarned = new java.util.concurrent.atomic.AtomicBoolean();

  private LineageListener(Builder b) {
    this.run = b.run;
    this.every = b.every == null ? 1 : b.every;
    this.statisticsEvery = b.statisticsEvery == null ? 0 : b.statisticsEvery;
    this.quietly = FailSafe.of(run, "the DL4J listener", "training", LOGGER);
  }

  /** A listener that logs every iteration and no per-layer statistics. */
  public static LineageListener of(Run run) {
    return builder(run).build();
  }

  /** Options for a listener of {@code run}; each may be set once, and is checked when it is set. */
  public static Builder builder(Run run) {
    if (run == null) {
      throw new InvalidInputException("run", "must not be null");
    }
    return new Builder(run);
  }

  /**
   * False, after one clear warning, once the run has ended: a run closed before {@code fit} records none of the
   * training, and says so, instead of failing at every callback (or reading as a second network's params).
   */
  private boolean recording() {
    if (run.status() == RunStatus.RUNNING) {
      return true;
    }
    if (endedWarned.compareAndSet(false, true)) {
      System.getLogger(LOGGER).log(System.Logger.Level.WARNING, "run " + run.id() + " ended (" + run.status()
          + ") before this training: none of it is recorded. End the run after fit(), or train inside "
          + "lineage.run(name, run -> ...)");
    }
    return false;
  }

  @Override
  public void onEpochStart(Model model) {
    if (!recording()) {
      return;
    }
    quietly.run("an epoch start", () -> {
      describeOnce(model);
      epochListenersCalled = true;
      fitIteratorThisEpoch = null;
      clock.epochStarted(System.nanoTime());
    });
  }

  @Override
  public void onEpochEnd(Model model) {
    if (!recording()) {
      return;
    }
    quietly.run("an epoch end", () -> {
      fitIteratorThisEpoch = Boolean.FALSE;
      clock.epochEnded();
    });
  }

  @Override
  public void onForwardPass(Model model, List<INDArray> activations) {
    clock.forwardPassDone(System.nanoTime());
  }

  @Override
  public void onForwardPass(Model model, Map<String, INDArray> activations) {
    clock.forwardPassDone(System.nanoTime());
  }

  @Override
  public void onGradientCalculation(Model model) {
    if (statisticsEvery > 0 && (lastIteration + 1) % statisticsEvery == 0) {
      quietly.run("gradient statistics", () -> statistics().gradientsComputed(model));
    }
  }

  @Override
  public void onBackwardPass(Model model) {
    // the gradients are read once they are complete, in onGradientCalculation
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    if (!recording()) {
      return;
    }
    long now = System.nanoTime();
    quietly.run("an iteration", () -> {
      describeOnce(model);
      Network network = Network.of(model);
      lastIteration = iteration;
      if (epoch != lastEpoch) {
        run.logMetric("epoch", epoch, iteration);
        lastEpoch = epoch;
      }
      if (fitIteratorThisEpoch == null) {
        fitIteratorThisEpoch = FitCaller.insideFitIterator();
      }
      boolean fitIterator = fitIteratorThisEpoch;
      IterationClock.Split split = clock.iterationDone(now, fitIterator, network.lastEtlMillis());
      if (!fitIterator && !epochListenersCalled) {
        warnIfASecondPassIsStillEpochZero(network.input(), epoch);
      }
      if (split != null) {
        run.logInputWait(split.waitedNanos(), split.computedNanos());
      }
      if (iteration % every == 0) {
        run.logMetric("score", model.score(), iteration);
        if (split != null) {
          run.logMetric("etl_ms", split.waitedNanos() / 1e6, iteration);
          run.logMetric("compute_ms", split.computedNanos() / 1e6, iteration);
        }
      }
      network.learningRates().forEach((layer, rate) -> {
        if (!rate.equals(learningRates.put(layer, rate))) {
          run.logMetric("lr/" + layer, rate, iteration);
        }
      });
      if (statisticsEvery > 0 && iteration % statisticsEvery == 0) {
        statistics().iterationDone(model, run, iteration);
      }
    });
    clock.listenerDone(System.nanoTime());
  }

  /**
   * A hand-written {@code fit(DataSet)} loop counts epochs only through {@code net.incrementEpochCount()}; one that
   * never calls it records its whole training as epoch 0. The first batch of an epoch fitted again in the same
   * epoch is the sign of a second pass over the same data: said once, as a warning.
   */
  private void warnIfASecondPassIsStillEpochZero(Object input, int epoch) {
    if (input == null) {
      return;
    }
    if (epoch != lastEpochOfFirstBatch) {
      firstBatchOfEpoch = new java.lang.ref.WeakReference<>(input);
      lastEpochOfFirstBatch = epoch;
    } else if (firstBatchOfEpoch.get() == input && epochZeroWarned.compareAndSet(false, true)) {
      System.getLogger(LOGGER).log(System.Logger.Level.WARNING, "run " + run.id() + ": the same batch was fitted "
          + "twice in epoch " + epoch + ", a second pass over the data that DL4J still counts as epoch " + epoch
          + ". In a fit(DataSet) loop, call net.incrementEpochCount() after each pass (docs/dl4j.md)");
    }
  }

  private LayerStatistics statistics() {
    if (statistics == null) {
      statistics = new LayerStatistics();
    }
    return statistics;
  }

  /**
   * The configuration and hyperparameters, once per network this listener sees, recorded off the training thread:
   * serialising a configuration and storing it took 1.9-4.4 s in a fresh JVM, a stall of the first iteration that
   * a {@code fit(DataSet)} loop also booked as waiting for data. The run's close finishes it, so an early close
   * loses none of it.
   */
  private void describeOnce(Model model) {
    if (described.add(System.identityHashCode(model))) {
      Network network = Network.of(model);
      Map<String, Object> hyperparameters = network.hyperparameters();
      java.util.function.Supplier<java.io.InputStream> configuration = network.configurationSnapshot();
      run.recordLater("the network configuration", () -> {
        params(hyperparameters);
        quietly.run("the network configuration", () -> run.use("network-configuration", configuration.get()));
      });
    }
  }

  /**
   * Logs each param. A value that differs from one already recorded (a second network trained in the same run)
   * is logged as a warning and kept out: the first value stands, and nothing was lost.
   */
  private void params(Map<String, Object> params) {
    params.forEach((key, value) -> {
      try {
        if (value instanceof Long l) {
          run.logParam(key, l);
        } else if (value instanceof Double d) {
          run.logParam(key, d);
        } else if (value instanceof Boolean b) {
          run.logParam(key, b);
        } else {
          run.logParam(key, String.valueOf(value));
        }
      } catch (InvalidInputException e) {
        if (conflictLogged.compareAndSet(false, true)) {
          System.getLogger(LOGGER).log(System.Logger.Level.WARNING, "run " + run.id() + " already records " + key
              + " differently (a second network in one run? give each its own child run): " + e.getMessage());
        }
      } catch (RuntimeException | LinkageError e) {
        quietly.failed("param " + key, e);
      }
    });
  }

  /** The logger the listener's warnings go to. */
  private static final String LOGGER = "dev.lineage.dl4j.LineageListener";

  /** Options of a {@link LineageListener}. */
  public static final class Builder {
    private final Run run;
    private Integer every;
    private Integer statisticsEvery;

    private Builder(Run run) {
      this.run = run;
    }

    /** Logs the score, ETL and compute time every {@code n}-th iteration (default every one). */
    public Builder every(int n) {
      requireUnset(every == null, "every");
      if (n < 1) {
        throw new InvalidInputException("every", "must be >= 1, was " + n);
      }
      this.every = n;
      return this;
    }

    /**
     * Every {@code n}-th iteration, logs each parameter array's L2 norm, its gradient's and its update's, as
     * {@code stats/<param>/param_norm}, {@code .../gradient_norm} and {@code .../update_norm}, in the spirit of
     * DL4J's {@code StatsListener}. Off by default: each costs a pass over the network's parameters.
     */
    public Builder layerStatistics(int n) {
      requireUnset(statisticsEvery == null, "layerStatistics");
      if (n < 1) {
        throw new InvalidInputException("layerStatistics", "must be >= 1, was " + n);
      }
      this.statisticsEvery = n;
      return this;
    }

    /** The listener, with the options set so far. */
    public LineageListener build() {
      return new LineageListener(this);
    }

    private static void requireUnset(boolean unset, String field) {
      if (!unset) {
        throw new InvalidInputException(field, "was already set (each option may be set once)");
      }
    }
  }
}
