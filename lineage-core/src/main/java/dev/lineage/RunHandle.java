package dev.lineage;

import java.io.Serializable;
import java.net.URI;

/**
 * A serialisable reference to an open run, for logging into it from another thread or JVM (for example a
 * Spark executor): ship it, then call {@code Lineage.open(handle.store()).attach(handle)}.
 *
 * @since 0.1.0
 */
public record RunHandle(URI store, RunId runId) implements Serializable {
  public RunHandle {
    if (store == null) {
      throw new InvalidInputException("store", "must not be null");
    }
    if (runId == null) {
      throw new InvalidInputException("run id", "must not be null");
    }
  }
}
