package dev.lineage;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Lineage#reproduce} materialises: a run, the directory to build its workspace in, where its libraries
 * come from, and optionally the clone its source is checked out from.
 *
 * <pre>{@code
 * Workspace w = lineage.reproduce(ReproduceRequest.builder(runId, Path.of("repro")).source(Path.of("~/churn"))
 *     .build());
 * // then: sh repro/run.sh
 * }</pre>
 *
 * @since 0.1.0
 */
@Experimental
public final class ReproduceRequest {
  /** Maven Central, where released libraries are fetched when the local repository lacks them. */
  public static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

  private final RunId run;
  private final Path into;
  private final List<URI> repositories;
  private final Optional<Path> source;
  private final Optional<String> store;
  private final boolean debug;
  private final java.util.Map<String, String> environment;

  private ReproduceRequest(Builder b) {
    this.environment = b.environment != null ? b.environment : java.util.Map.of();
    this.run = b.run;
    this.into = b.into;
    this.repositories = b.repositories != null ? b.repositories : List.of(MAVEN_CENTRAL);
    this.source = Optional.ofNullable(b.source);
    this.store = Optional.ofNullable(b.store);
    this.debug = b.debug != null && b.debug;
  }

  /** The workspace of {@code run}, built in {@code into}, which must not exist or be an empty directory. */
  public static Builder builder(RunId run, Path into) {
    if (run == null) {
      throw new InvalidInputException("run", "must not be null");
    }
    if (into == null) {
      throw new InvalidInputException("into", "must not be null");
    }
    return new Builder(run, into.toAbsolutePath().normalize());
  }

  /** The run reproduced. */
  public RunId run() {
    return run;
  }

  /** The workspace's directory, absolute. */
  public Path into() {
    return into;
  }

  /**
   * The Maven repositories libraries are fetched from, in order, after the local repository ({@code ~/.m2/repository},
   * or {@code -Dmaven.repo.local}); default {@link #MAVEN_CENTRAL}.
   */
  public List<URI> repositories() {
    return repositories;
  }

  /** A local clone of the run's repository, checked out at its commit (and its uncommitted change applied). */
  public Optional<Path> source() {
    return source;
  }

  /** The store the reproduced program records into ({@code -Dlineage.store}); empty: whatever the program says. */
  public Optional<String> store() {
    return store;
  }

  /** Whether the script starts the JVM waiting for a debugger (JDWP on port 5005). */
  public boolean debug() {
    return debug;
  }

  /**
   * Variables {@link Lineage#rerun} adds to the rerun's environment, over this process's: the secrets the command
   * had ({@code LINEAGE_SECRET_1}, ...), or whatever else the program reads. Empty by default.
   */
  public java.util.Map<String, String> environment() {
    return environment;
  }

  /** A set-once builder; each value is checked when it is set. */
  public static final class Builder {
    private final RunId run;
    private final Path into;
    private List<URI> repositories;
    private Path source;
    private String store;
    private Boolean debug;
    private java.util.Map<String, String> environment;

    private Builder(RunId run, Path into) {
      this.run = run;
      this.into = into;
    }

    /** Replaces the remote repositories ({@code https:}, {@code http:} or {@code file:} URIs); none is allowed. */
    public Builder repositories(List<URI> uris) {
      once(repositories, "repositories");
      if (uris == null) {
        throw new InvalidInputException("repositories", "must not be null");
      }
      for (URI u : uris) {
        if (u == null || u.getScheme() == null || !List.of("https", "http", "file").contains(u.getScheme())) {
          throw new InvalidInputException("repositories", "must be https:, http: or file: URIs, was " + u);
        }
      }
      this.repositories = List.copyOf(uris);
      return this;
    }

    /** A local clone of the run's git repository, to check its source out from. */
    public Builder source(Path clone) {
      once(source, "source");
      if (clone == null) {
        throw new InvalidInputException("source", "must not be null");
      }
      this.source = clone.toAbsolutePath().normalize();
      return this;
    }

    /** The store the reproduced program records into. */
    public Builder store(String uri) {
      once(store, "store");
      if (uri == null || uri.isBlank()) {
        throw new InvalidInputException("store", "must not be blank");
      }
      this.store = uri;
      return this;
    }

    /** Whether the JVM waits for a debugger on port 5005 before it runs the program; default false. */
    public Builder debug(boolean wait) {
      once(debug, "debug");
      this.debug = wait;
      return this;
    }

    /** Variables added to a rerun's environment (secrets the command had, as {@code LINEAGE_SECRET_1}). */
    public Builder environment(java.util.Map<String, String> variables) {
      once(environment, "environment");
      if (variables == null || variables.keySet().stream().anyMatch(k -> k == null || k.isEmpty() || k.contains("="))
          || variables.values().stream().anyMatch(java.util.Objects::isNull)) {
        throw new InvalidInputException("environment", "must map names (non-empty, without '=') to values");
      }
      this.environment = java.util.Map.copyOf(variables);
      return this;
    }

    /** The request; every value was checked when it was set. */
    public ReproduceRequest build() {
      return new ReproduceRequest(this);
    }

    private static void once(Object current, String option) {
      if (current != null) {
        throw new InvalidInputException(option, "is already set");
      }
    }
  }
}
