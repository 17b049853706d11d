package dev.lineage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run made ready to run again by {@link Lineage#reproduce}: its code, inputs and a script that starts its command.
 *
 * @param run the run reproduced
 * @param directory the workspace, whole: it exists only once everything in it was written and verified
 * @param script the POSIX shell script that starts the run's command from the workspace
 * @param workingDirectory where the script starts the program: the run's working directory, recreated
 * @param classpath the class path in the recorded order, every entry verified against its recorded digest
 * @param inputs where each of the run's file inputs was restored, by digest (an input read from elsewhere than a
 *     file, or recorded without its location, is not restored)
 * @param secrets what the command held that was never recorded, in the environment variable the script reads it
 *     from (name to what it replaced, as {@code --password} or {@code -Dapi.token=})
 * @param source the checkout of the run's commit, its uncommitted change applied, when a clone was given
 *
 * @since 0.1.0
 */
@Experimental
public record Workspace(RunId run, Path directory, Path script, Path workingDirectory, List<Path> classpath,
    Map<Artifact, Path> inputs, Map<String, String> secrets, Optional<Path> source) {
  public Workspace {
    classpath = List.copyOf(classpath);
    inputs = Map.copyOf(inputs);
    secrets = Map.copyOf(secrets);
  }
}
