package dev.lineage.internal.openlineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.Transport;
import java.io.PrintWriter;

/**
 * Events on a stream: one per line (NDJSON), for a shell pipeline, or pretty-printed, for a person at a console.
 */
public final class LinesTransport extends Transport {
  private final PrintWriter out;
  private final boolean pretty;

  public LinesTransport(PrintWriter out, boolean pretty) {
    this.out = out;
    this.pretty = pretty;
  }

  @Override
  public void emit(OpenLineage.RunEvent event) {
    line(event);
  }

  @Override
  public void emit(OpenLineage.DatasetEvent event) {
    line(event);
  }

  @Override
  public void emit(OpenLineage.JobEvent event) {
    line(event);
  }

  /** Leaves the stream open: it is the caller's (standard output, or a command line's own). */
  @Override
  public void close() {
    out.flush();
  }

  private void line(Object event) {
    String json = OpenLineageClientUtils.toJson(event);
    out.println(pretty ? pretty(json) : json);
    out.flush();
  }

  private static String pretty(String json) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return json;
    }
  }
}
