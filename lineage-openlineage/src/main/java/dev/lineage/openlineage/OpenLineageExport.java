package dev.lineage.openlineage;

import dev.lineage.Experimental;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.RunRecord;
import dev.lineage.StorageException;
import dev.lineage.internal.openlineage.LinesTransport;
import dev.lineage.query.RunQuery;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Comparator;
import java.util.List;

/**
 * Sends a store's runs as OpenLineage events through one of the client's transports. Build one with
 * {@link #to(String)}: {@code -} (one JSON event per line on standard output), {@code console} (each event
 * pretty-printed on standard output), {@code file:/path/events.ndjson} or {@code http://host:5000} (Marquez's
 * {@code /api/v1/lineage}).
 *
 * @since 0.1.0
 */
@Experimental
public final class OpenLineageExport implements AutoCloseable {
  private final OpenLineageClient client;
  private final String jobNamespace;

  private OpenLineageExport(Transport transport, String jobNamespace) {
    this.client = new OpenLineageClient(transport);
    this.jobNamespace = jobNamespace;
  }

  /** An export to {@code target} ({@code -}, {@code console}, {@code file:PATH}, {@code http(s)://URL}), jobs in {@code lineage}. */
  public static OpenLineageExport to(String target) {
    return to(target, "lineage");
  }

  /** Like {@link #to(String)}, with the jobs in {@code jobNamespace}. */
  public static OpenLineageExport to(String target, String jobNamespace) {
    return to(target, jobNamespace, new PrintWriter(System.out));
  }

  /**
   * Like {@link #to(String, String)}, with {@code -} and {@code console} writing to {@code standardOutput} instead
   * of {@link System#out}: a command line's own output, which an embedding program or a test captures. The writer
   * is flushed after each event and left open.
   */
  public static OpenLineageExport to(String target, String jobNamespace, PrintWriter standardOutput) {
    if (standardOutput == null) {
      throw new InvalidInputException("standardOutput", "must not be null");
    }
    if (target == null || target.isBlank()) {
      throw new InvalidInputException("target", "must be -, console, file:PATH or an http(s) URL");
    }
    Transport transport;
    if (target.equals("-")) {
      transport = new LinesTransport(standardOutput, false);
    } else if (target.equals("console")) {
      // The client's ConsoleTransport logs through SLF4J, so without a binding it prints nothing at all: the
      // console is standard output, pretty-printed, whatever the logging setup.
      transport = new LinesTransport(standardOutput, true);
    } else if (target.startsWith("file:")) {
      transport = new FileTransport(new FileConfig(target.substring("file:".length())));
    } else if (target.startsWith("http://") || target.startsWith("https://")) {
      HttpConfig config = new HttpConfig();
      config.setUrl(URI.create(target));
      transport = new HttpTransport(config);
    } else {
      throw new InvalidInputException("target", "must be -, console, file:PATH or an http(s) URL, was '" + target + "'");
    }
    return new OpenLineageExport(transport, jobNamespace);
  }

  /**
   * Sends the events of every run matching {@code query}, oldest first (so a parent's START precedes its
   * children's); returns how many events were sent.
   */
  public int export(Lineage lineage, RunQuery query) {
    OpenLineageEvents mapper = new OpenLineageEvents(jobNamespace, lineage.store().toString(), lineage::runRecord);
    List<RunRecord> runs = lineage.runs(query).stream().sorted(Comparator.comparing(RunRecord::id)).toList();
    int sent = 0;
    for (RunRecord run : runs) {
      for (OpenLineage.RunEvent event : mapper.of(run)) {
        try {
          client.emit(event);
        } catch (RuntimeException e) {
          throw new StorageException("could not send the OpenLineage event of run " + run.id() + ": " + e.getMessage(),
              e);
        }
        sent++;
      }
    }
    return sent;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      throw new StorageException("closing the OpenLineage client failed: " + e.getMessage(), e);
    }
  }
}
