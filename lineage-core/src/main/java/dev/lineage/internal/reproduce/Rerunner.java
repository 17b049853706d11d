package dev.lineage.internal.reproduce;

import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.NotFoundException;
import dev.lineage.ReproduceRequest;
import dev.lineage.Rerun;
import dev.lineage.RunRecord;
import dev.lineage.StorageException;
import dev.lineage.Workspace;
import dev.lineage.query.RunQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Starts a run's workspace in a JVM of its own (its script, so exactly what a person would start), waits for it,
 * finds the run it recorded in this store by its {@code reproduces} link, and compares the two.
 */
public final class Rerunner {
  private final Lineage lineage;

  public Rerunner(Lineage lineage) {
    this.lineage = lineage;
  }

  public Rerun rerun(ReproduceRequest request) {
    RunRecord original = lineage.runRecord(request.run());
    // The program records into this store unless the request names another (a program that names its own store
    // records there, and is then not found here: the error says so).
    ReproduceRequest.Builder b = ReproduceRequest.builder(request.run(), request.into())
        .repositories(request.repositories()).debug(false)
        .store(request.store().orElse(lineage.store().toString()));
    request.source().ifPresent(b::source);
    Workspace w = new Reproducer(lineage).reproduce(b.build());
    Instant started = Instant.now();
    int exit = run(w, request.environment());
    Optional<RunRecord> again = lineage.runs(RunQuery.all().name(original.name())).stream()
        .filter(r -> r.reproduces().equals(Optional.of(original.id())) && !r.startedAt().isBefore(
            started.minusSeconds(1)))
        .max(Comparator.comparing(RunRecord::startedAt));
    if (again.isEmpty()) {
      throw new NotFoundException("the rerun of " + original.id() + " recorded no run \"" + original.name()
          + "\" reproducing it in " + lineage.store() + " (its JVM exited " + exit + "; its output is in "
          + w.directory().resolve("rerun.log") + "; a program that names its own store records there, and a Lineage"
          + " older than the reproduces link records none)");
    }
    RunRecord rerun = again.get();
    RerunComparison c = new RerunComparison(lineage, original, rerun);
    return new Rerun(original.id(), rerun.id(), c.verdict(), c.outputs, c.params, c.metrics, rerun.status(),
        RerunComparison.cacheHitOf(rerun), w);
  }

  private static int run(Workspace w, java.util.Map<String, String> environment) {
    ProcessBuilder pb = new ProcessBuilder("sh", w.script().toString()).directory(w.workingDirectory().toFile())
        .redirectErrorStream(true).redirectOutput(w.directory().resolve("rerun.log").toFile());
    pb.environment().putAll(environment);
    try {
      return pb.start().waitFor();
    } catch (IOException e) {
      throw new StorageException("cannot start " + w.script() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidInputException("rerun", "interrupted while the rerun of " + w.run() + " ran");
    }
  }
}
