package dev.lineage.internal.cli;

import dev.lineage.Lineage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ui",
    description = "Serve the report live on this machine, with a promote button on each model version (the same "
        + "compare-and-set as lineage promote, a reason required). Runs until stopped (Ctrl-C).",
    footer = {"", "Examples:", "  lineage ui", "  lineage ui --port 0 --store s3://ml-bucket/lineage"})
final class UiCommand implements Callable<Integer> {
  @Mixin StoreOption store;
  @Mixin Output output;

  @Option(names = "--port", defaultValue = "8686", description = "The port (default ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "The address to listen on (default ${DEFAULT-VALUE}: this machine only).")
  String bind;

  @Option(names = "--series-runs", paramLabel = "N", defaultValue = "200",
      description = "Chart the metric series of the newest N runs (default ${DEFAULT-VALUE}).")
  int seriesRuns;

  @Override
  public Integer call() throws Exception {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    CountDownLatch stopped = new CountDownLatch(1);
    try (Lineage lineage = store.open();
        UiServer server = UiServer.start(lineage, store::openWritable, bind, port, token, seriesRuns,
            Clock.systemUTC(), output.err())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "lineage-ui-stop"));
      output.out().println("Lineage UI on http://127.0.0.1:" + server.port() + "/ (store " + lineage.store() + ")");
      output.out().println("token for promotions: " + token);
      output.out().flush();
      stopped.await();
    }
    return ExitCode.OK;
  }
}
