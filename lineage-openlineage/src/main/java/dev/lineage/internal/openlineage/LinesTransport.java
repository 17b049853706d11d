package dev.lineage.internal.openlineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.Transport;
import java.io.PrintStream;

/** One event per line (NDJSON) on a stream, such as standard output for a shell pipeline. */
public final class LinesTransport extends Transport {
  private final PrintStream out;

  public LinesTransport(PrintStream out) {
    this.out = out;
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

  private void line(Object event) {
    out.println(OpenLineageClientUtils.toJson(event));
    out.flush();
  }
}
