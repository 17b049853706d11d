package dev.lineage.internal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An executor whose store cannot be opened: the cluster restarts an executor that dies at start, in a loop. */
class ExecutorSideTest {
  @TempDir Path dir;

  /** The executor's side of the plugin context: what it sends to the driver is kept. */
  private static final class Context implements PluginContext {
    final List<Object> sent = new ArrayList<>();

    @Override
    public MetricRegistry metricRegistry() {
      return new MetricRegistry();
    }

    @Override
    public SparkConf conf() {
      return new SparkConf(false);
    }

    @Override
    public String executorID() {
      return "7";
    }

    @Override
    public String hostname() {
      return "worker-7";
    }

    @Override
    public Map<String, ResourceInformation> resources() {
      return Map.of();
    }

    @Override
    public void send(Object message) {
      sent.add(message);
    }

    @Override
    public Object ask(Object message) {
      throw new AssertionError("an executor that records nothing claims nothing: " + message);
    }
  }

  @Test
  void anExecutorThatCannotOpenTheStoreSaysSoOnceTellsTheDriverAndRunsItsTasksUnrecorded() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("customers.csv"), "id\n1\n");
    Context ctx = new Context();
    ExecutorSide executor = new ExecutorSide();
    executor.init(ctx, Map.of(DriverSide.STORE, notADirectory.resolve("store").toString(), DriverSide.RUN,
        "01J00000000000000000000000")); // returns: an executor that throws here is killed and started again
    assertEquals(1, ctx.sent.size(), ctx.sent.toString());
    Claims.Unrecorded told = (Claims.Unrecorded) ctx.sent.get(0);
    assertEquals("7", told.executorId());
    assertTrue(told.reason().contains("store"), told.reason());
    executor.onTaskStart();
    assertNull(ExecutorSide.taskWriterOfThisThread(), "its tasks log into nothing, and are not failed for it");
    executor.onTaskSucceeded();
    executor.shutdown();
    assertEquals(1, ctx.sent.size(), "said once");
  }
}
