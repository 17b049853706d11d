package dev.lineage.internal.cli;

import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.Run;
import dev.lineage.registry.AliasMoveRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * What {@code bin/lineage} runs once after a build, with the JVM recording every class it loads into the
 * class-data-sharing archive later runs map instead of loading classes from the jar (a third of a cold start).
 * It records a small store in a temporary directory and runs every kind of command over it, printing nothing, so
 * the archive serves whichever command a user runs first. Hidden: it is not a command for people.
 */
@Command(name = "class-archive-training", hidden = true)
final class ClassArchiveTraining implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("lineage-class-archive");
    try {
      String store = dir.resolve("store").toString();
      String trainRun = record(store, dir);
      PrintWriter quiet = new PrintWriter(Writer.nullWriter());
      for (List<String> args : List.of(List.of("runs"), List.of("runs", "--name", "train", "--json"),
          List.of("show", trainRun), List.of("upstream", "demo@1"), List.of("downstream", "demo@1", "--json"),
          List.of("models"), List.of("versions", "demo"), List.of("history", "demo", "production"),
          List.of("gpu"), List.of("verify"), List.of("gc"), List.of("index", "publish"),
          List.of("export", "openlineage", "--to", "file:" + dir.resolve("events.ndjson")))) {
        String[] line = Stream.concat(args.stream(), Stream.of("--store", store)).toArray(String[]::new);
        LineageCli.commandLine(Map.of(), quiet, quiet, line).execute(line);
      }
      return ExitCode.OK;
    } finally {
      delete(dir);
    }
  }

  /** Records a training run, a model with an alias and a failed run; returns the training run's id. */
  private static String record(String store, Path dir) throws IOException {
    Path data = Files.writeString(dir.resolve("train.csv"), "x,y\n1,2\n");
    Path model = Files.writeString(dir.resolve("model.bin"), "weights");
    try (Lineage lineage = Lineage.builder().store(store).cacheDir(dir.resolve("cache"))
        .workDir(dir.resolve("work")).tempDir(dir).systemMetrics(false).build()) {
      Run train = lineage.newRun("train");
      train.logParam("lr", 0.01);
      train.use(data, "train-data");
      for (int step = 0; step < 100; step++) {
        train.logMetric("loss", 1.0 / (step + 1), step);
      }
      Artifact produced = train.produce(model, "model");
      train.succeed();
      train.close();
      lineage.registry().register("demo", produced, train.id());
      lineage.registry().moveAlias(AliasMoveRequest.builder("demo", "production").expectingNone().to(1)
          .reason("training").build());
      try (Run failed = lineage.newRun("evaluate")) {
        failed.logMetric("auc", 0.5);
      }
      lineage.publishIndex();
      return train.id().value();
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
