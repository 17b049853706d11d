package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.Lineage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report",
    description = "Write one self-contained HTML file: runs, each run's params, charts, inputs and outputs, the "
        + "lineage graph of each model, the alias histories and the GPU waste. It opens offline.",
    footer = {"", "Examples:", "  lineage report --out report.html", "  lineage report --out all.html --series-runs 1000"})
final class ReportCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "lineage-report.html",
      description = "Where to write it (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--series-runs", paramLabel = "N", defaultValue = "200",
      description = "Chart the metric series of the newest N runs (default ${DEFAULT-VALUE}); older runs show "
          + "their final values.")
  int seriesRuns;

  @Override
  public Integer call() throws IOException {
    ObjectNode data;
    try (Lineage lineage = store.open(); TerminalProgress progress = TerminalProgress.open(output.err())) {
      data = ReportModel.of(lineage, seriesRuns, output.now(), progress);
    }
    Problems.warn(store.problemsMet(), output.err());
    byte[] page = ReportPage.html(data).getBytes(StandardCharsets.UTF_8);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(out, page);
    if (output.json) {
      Json.print(output.out(), Json.object().put("file", out.toAbsolutePath().toString()).put("bytes", page.length)
          .put("runs", data.get("runs").size()));
    } else {
      output.out().println("wrote " + out + " (" + Human.bytes(page.length) + ", " + data.get("runs").size()
          + " runs)");
    }
    return ExitCode.OK;
  }
}
