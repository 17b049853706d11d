package dev.lineage.dl4j;

import dev.lineage.Artifact;
import dev.lineage.Experimental;
import dev.lineage.InvalidInputException;
import dev.lineage.RunWriter;
import dev.lineage.StorageException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Saving and restoring models through DL4J's {@code ModelSerializer}, with the file recorded as the run's output
 * or input: which run made a model file, and which used it, is then one lineage query away.
 *
 * @since 0.1.0
 */
@Experimental
public final class Dl4jModels {
  private Dl4jModels() {}

  /**
   * Writes {@code model} to {@code file} with its updater state ({@code ModelSerializer.writeModel(model, file,
   * true)}) and records the file as an output of {@code run} named {@code name}.
   *
   * The model is written beside {@code file} first and recorded from there, and only then moved into place: a
   * refused call (a closed run, a bad name, a store that cannot be written) leaves no file that no run recorded.
   *
   * @throws InvalidInputException if an argument is null, {@code name} is not a valid name or the run is closed
   * @throws StorageException if the file cannot be written or stored
   */
  public static Artifact save(RunWriter run, Model model, File file, String name) {
    require(run, "run");
    require(model, "model");
    require(file, "file");
    Path target = file.toPath().toAbsolutePath();
    Path written = null;
    try {
      written = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
      ModelSerializer.writeModel(model, written.toFile(), true);
      Artifact artifact = run.produce(written, name);
      Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return artifact;
    } catch (IOException e) {
      throw new StorageException("cannot write the model to " + file + ": " + e.getMessage(), e);
    } finally {
      if (written != null) {
        try {
          Files.deleteIfExists(written);
        } catch (IOException e) {
          // a scratch file beside the model, named as such; nothing recorded names it
        }
      }
    }
  }

  /** Records {@code file} as an input of {@code run} named {@code name}, then restores the network it holds. */
  public static MultiLayerNetwork restoreMultiLayerNetwork(RunWriter run, File file, String name) {
    record(run, file, name);
    try {
      return ModelSerializer.restoreMultiLayerNetwork(file);
    } catch (IOException e) {
      throw new StorageException("cannot restore a MultiLayerNetwork from " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records {@code file} as an input of {@code run} named {@code name}, then restores the graph it holds. */
  public static ComputationGraph restoreComputationGraph(RunWriter run, File file, String name) {
    record(run, file, name);
    try {
      return ModelSerializer.restoreComputationGraph(file);
    } catch (IOException e) {
      throw new StorageException("cannot restore a ComputationGraph from " + file + ": " + e.getMessage(), e);
    }
  }

  private static void record(RunWriter run, File file, String name) {
    require(run, "run");
    require(file, "file");
    run.use(file.toPath(), name);
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, "must not be null");
    }
  }
}
