package dev.lineage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.RunId;
import dev.lineage.registry.AliasMoveRequest;
import dev.lineage.spi.gpu.GpuProbe;
import dev.lineage.spi.gpu.GpuReading;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * What a user does with the command line, against a store written through the library: the same scenarios run
 * over a directory and over S3. Each subclass writes the store once; the promotion test is the only writer.
 */
abstract class CliScenarios {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The store the commands read, as a user would pass it to --store. */
  abstract String store();

  abstract Cli cli();

  /** The directory with the files the pipeline used and produced. */
  abstract Path files();

  static RunId trainA;
  static RunId trainB;

  /** A small pipeline: prepare, two trainings, one failure, one GPU run, two model versions, an alias. */
  static void writePipeline(Lineage.Builder builder, Path files) throws Exception {
    Path raw = Files.writeString(files.resolve("raw.csv"), "id,churned\n1,0\n2,1\n");
    // The runs record their code as users' do (the build turns capture off for the tests' own JVMs).
    try (Lineage lineage = builder.systemMetrics(false).recordCode(true).build()) {
      lineage.run("prepare", run -> {
        run.use(raw, "raw");
        run.logParam("rows", 2);
        run.logParam("seed", 1);
        return run.produce(Files.writeString(files.resolve("train.csv"), "1,0\n2,1\n"), "train-data");
      });
      trainA = train(lineage, files, "model-a.bin", 0.01, 0.81);
      trainB = train(lineage, files, "model-b.bin", 0.1, 0.72);
      try {
        lineage.run("train", run -> {
          run.logParam("learning_rate", 1.0);
          throw new IllegalStateException("diverged");
        });
      } catch (IllegalStateException expected) {
        // recorded as FAILED
      }
      Artifact a = lineage.runRecord(trainA).outputs().get(0);
      Artifact b = lineage.runRecord(trainB).outputs().get(0);
      lineage.registry().register("churn", a, trainA);
      lineage.registry().register("churn", b, trainB);
      lineage.registry().moveAlias(AliasMoveRequest.builder("churn", "production").expectingNone().to(1)
          .reason("first model").build());
    }
  }

  static void writeGpuRun(Lineage.Builder builder) throws Exception {
    try (Lineage lineage = builder.gpuProbe(idleGpu()).systemMetricsInterval(Duration.ofSeconds(1)).build()) {
      lineage.run("gpu-train", run -> {
        // Through the public builder the sampler runs on its own thread, at least a second apart, as for a user:
        // a run that holds its GPUs for 2.5 s gets the samples its summary needs. Its figures are not asserted.
        Thread.sleep(2_500);
        return null;
      });
    }
  }

  private static RunId train(Lineage lineage, Path files, String model, double lr, double auc) throws Exception {
    return lineage.run("train", run -> {
      run.use(files.resolve("train.csv"), "train-data");
      run.logParam("learning_rate", lr);
      run.logParam("epochs", 10);
      run.logMetric("auc", auc);
      run.produce(Files.writeString(files.resolve(model), "weights " + lr), "churn-model");
      run.succeed();
      return run.id();
    });
  }

  private static GpuProbe idleGpu() {
    return new GpuProbe() {
      @Override
      public String name() {
        return "idle test GPU";
      }

      @Override
      public boolean available() {
        return true;
      }

      @Override
      public List<GpuReading> read() {
        return List.of(new GpuReading(0, "GPU-test-0", OptionalDouble.of(0), OptionalDouble.of(100),
            OptionalDouble.of(1000), OptionalDouble.empty(), OptionalDouble.empty()));
      }

      @Override
      public void close() {}
    };
  }

  Cli.Result lineage(String... args) throws Exception {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = store();
    return cli().run(all);
  }

  static void assertOk(Cli.Result r) {
    assertEquals(0, r.code(), r.toString());
  }

  /** A user error: the documented status and one line on stderr, never a stack trace. */
  static void assertUserError(int code, Cli.Result r, String says) {
    assertEquals(code, r.code(), r.toString());
    assertTrue(r.err().startsWith("lineage: "), r.toString());
    assertTrue(r.err().contains(says), r.toString());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r);
  }

  @Test
  void runsListsNewestFirstAsATableAndAsJson() throws Exception {
    Cli.Result table = lineage("runs");
    assertOk(table);
    List<String> lines = table.out().lines().toList();
    assertTrue(lines.get(0).matches("ID\\s+NAME\\s+STATUS\\s+STARTED\\s+DURATION"), table.toString());
    assertEquals(1 + 5, lines.size(), table.toString());
    assertTrue(lines.get(1).contains("gpu-train"), table.toString());
    assertTrue(lines.stream().skip(1).allMatch(l -> l.matches(".*  (just now|\\d+\\w+ ago)  .*")),
        "relative times (how long ago depends on when the test runs): " + table);
    JsonNode json = JSON.readTree(lineage("runs", "--json").out());
    assertEquals(5, json.size());
    assertEquals("gpu-train", json.get(0).get("name").asText());
    assertEquals("prepare", json.get(4).get("name").asText());
    assertEquals(2, json.get(4).get("params").get("rows").asInt());
  }

  @Test
  void runsFiltersByNameStatusParamMetricAndTimeAndSorts() throws Exception {
    assertEquals(List.of(trainA.value()), ids(lineage("runs", "--name", "train", "--param", "learning_rate=0.010",
        "--json")));
    assertEquals(List.of(trainA.value()), ids(lineage("runs", "--metric", "auc>0.75", "--json")));
    assertEquals(List.of(trainB.value(), trainA.value()), ids(lineage("runs", "--param", "learning_rate<0.5",
        "--param", "epochs>=10", "--json")));
    assertEquals(1, ids(lineage("runs", "--status", "failed", "--json")).size());
    assertEquals(List.of(trainA.value()), ids(lineage("runs", "--sort", "-auc", "--limit", "1", "--json")));
    assertEquals(List.of(trainB.value()), ids(lineage("runs", "--sort", "+auc", "--limit", "1", "--json")));
    assertEquals(5, ids(lineage("runs", "--since", "1h", "--json")).size());
    assertEquals(0, ids(lineage("runs", "--until", "2000-01-01", "--json")).size());
    Cli.Result sorted = lineage("runs", "--sort", "-auc", "--name", "train");
    assertTrue(sorted.out().lines().findFirst().orElseThrow().endsWith("auc"), "the sort key is a column: " + sorted);
  }

  @Test
  void showPrintsOneRunByIdOrPrefix() throws Exception {
    Cli.Result r = lineage("show", trainA.value().substring(0, 10).toLowerCase());
    assertOk(r);
    assertTrue(r.out().startsWith("run " + trainA + "  train  SUCCEEDED"), r.toString());
    assertTrue(r.out().contains("learning_rate  0.01"), r.toString());
    assertTrue(r.out().contains("churn-model"), r.toString());
    assertTrue(r.out().contains("fingerprint"), r.toString());
    // The test's JVM wrote the runs (failsafe's: java ... -jar surefirebooter.jar ...): its command line.
    assertTrue(r.out().contains("\n  command   java ") && r.out().contains(" -jar ")
        && r.out().contains("\n  directory /"), r.toString());
    // Its class path by content: the test's own classes stored, released libraries counted by coordinates.
    assertTrue(r.out().contains("\n  code      ") && r.out().contains(" libraries by coordinates, "), r.toString());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  stored    ") && l.contains("test-classes sha256:")),
        r.toString());
    JsonNode json = JSON.readTree(lineage("show", trainA.value(), "--json").out());
    assertEquals(trainA.value(), json.get("id").asText());
    JsonNode classpath = json.get("fingerprint").get("classpath");
    assertTrue(classpath.get("manifest").asText().startsWith("sha256:"), json.toString());
    List<String> libraries = new java.util.ArrayList<>();
    classpath.get("entries").forEach(e -> {
      if (e.has("coordinates")) {
        libraries.add(e.get("coordinates").asText());
        assertFalse(e.get("stored").asBoolean(), e.toString());
      }
    });
    assertTrue(libraries.stream().anyMatch(c -> c.startsWith("info.picocli:picocli:")), libraries.toString());
    JsonNode command = json.get("fingerprint").get("command");
    assertEquals("-jar", command.get("program").get(0).asText(), json.toString());
    assertEquals(0.81, json.get("metrics").get("auc").get("last").asDouble());
    assertEquals("churn-model", json.get("outputs").get(0).get("name").asText());
    String gpuRun = JSON.readTree(lineage("runs", "--name", "gpu-train", "--json").out()).get(0).get("id").asText();
    Cli.Result sampled = lineage("show", gpuRun);
    assertOk(sampled);
    String users = sampled.out().substring(sampled.out().indexOf("\nmetrics"),
        sampled.out().indexOf("\nsystem metrics"));
    assertFalse(users.contains("lineage."), "the user's metrics are apart from the sampler's: " + sampled);
    assertTrue(sampled.out().substring(sampled.out().indexOf("\nsystem metrics")).contains("lineage.sys."),
        sampled.toString());
  }

  @Test
  void reproduceBuildsAWorkspaceOfTheRunsCodeAndInputs() throws Exception {
    Path into = files().resolve("repro-" + System.nanoTime());
    // The libraries come from the Maven repository the build used (the S3 scenarios move user.home, and with it
    // the default ~/.m2), given as a repository.
    Path picocli = Path.of(picocli.CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path repository = picocli.getParent().getParent().getParent().getParent().getParent();
    Cli.Result r = lineage("reproduce", trainA.value(), "--into", into.toString(), "--repository",
        repository.toUri().toString());
    assertOk(r);
    assertTrue(r.out().contains("start it with: sh " + into.resolve("run.sh")), r.toString());
    String script = Files.readString(into.resolve("run.sh"));
    assertTrue(script.contains("-Dlineage.reproduces=" + trainA.value()), script);
    assertTrue(Files.isDirectory(into.resolve("classpath")), r.toString());
    Cli.Result again = lineage("reproduce", trainA.value(), "--into", into.toString(), "--offline");
    assertUserError(2, again, "not empty");
  }

  @Test
  void anUnknownRunIsNotFoundWithoutATrace() throws Exception {
    assertUserError(1, lineage("show", "01ARZ3NDEKTSV4RRFFQ69G5FAV"), "no run 01ARZ3NDEKTSV4RRFFQ69G5FAV");
    assertUserError(2, lineage("show", "not-a-run"), "is not a run id");
  }

  @Test
  void upstreamAndDownstreamAreTreesOverModelsFilesAndDigests() throws Exception {
    Cli.Result up = lineage("upstream", "churn@1");
    assertOk(up);
    List<String> lines = up.out().lines().toList();
    assertEquals("model churn@1 [production]", lines.get(0), up.toString());
    assertTrue(lines.get(1).startsWith("  <- artifact churn-model sha256:"), up.toString());
    assertTrue(up.out().contains("<- run train " + trainA + " SUCCEEDED {epochs=10, learning_rate=0.01}"), up.toString());
    assertTrue(up.out().contains("<- artifact raw sha256:"), up.toString());
    assertFalse(up.out().contains(trainB.value()), "the other training is not upstream: " + up);
    assertEquals(up.out(), lineage("upstream", "churn:production").out(), "an alias names its version");
    Cli.Result down = cli().run("downstream", files().resolve("raw.csv").toString(), "--store", store());
    assertOk(down);
    assertTrue(down.out().startsWith("artifact raw sha256:"), down.toString());
    assertTrue(down.out().contains("model churn@1") && down.out().contains("model churn@2"), down.toString());
    JsonNode json = JSON.readTree(lineage("upstream", "churn@2", "--json").out());
    assertEquals("model_version:churn@2", json.get("start").asText());
    assertEquals(2, json.get("runs").size());
    String digest = json.get("artifacts").get(0).get("digest").asText();
    Cli.Result full = lineage("downstream", digest, "--depth", "1");
    assertOk(full);
    String printed = up.out().lines().filter(l -> l.contains("<- artifact raw sha256:")).findFirst().orElseThrow()
        .replaceAll(".*(sha256:[0-9a-f]+).*", "$1");
    assertTrue(printed.length() < "sha256:".length() + 64, "printed abbreviated: " + printed);
    Cli.Result abbreviated = lineage("downstream", printed);
    assertOk(abbreviated);
    assertTrue(abbreviated.out().startsWith("artifact raw sha256:"), "an abbreviation as printed is taken back: "
        + abbreviated);
    assertUserError(2, lineage("downstream", "sha256:12"), "6 or more");
    assertUserError(1, lineage("downstream", "sha256:000000"), "no artifact's digest starts with");
    assertUserError(1, lineage("upstream", "churn@9"), "churn");
    assertUserError(1, lineage("upstream", "sha256:" + "0".repeat(64)), "no run used or produced");
  }

  @Test
  void usedPathAndDiffAnswerTheUsualQuestions() throws Exception {
    Cli.Result used = lineage("used", files().resolve("train.csv").toString());
    assertOk(used);
    assertTrue(used.out().contains("used by 2 run(s) and produced by 1"), used.toString());
    assertTrue(used.out().contains(trainA.value()) && used.out().contains(trainB.value()), used.toString());
    Cli.Result path = lineage("path", files().resolve("raw.csv").toString(), "churn@1");
    assertOk(path);
    List<String> lines = path.out().lines().toList();
    assertTrue(lines.get(0).startsWith("artifact raw"), path.toString());
    assertTrue(lines.get(lines.size() - 1).endsWith("model churn@1 [production]"), path.toString());
    Cli.Result diff = lineage("diff", trainA.value(), trainB.value());
    assertOk(diff);
    assertTrue(diff.out().lines().anyMatch(l -> l.matches("param\\s+learning_rate\\s+0.01\\s+0.1")), diff.toString());
    assertTrue(diff.out().lines().anyMatch(l -> l.matches("metric\\s+auc\\s+0.81\\s+0.72")), diff.toString());
    assertTrue(diff.out().lines().anyMatch(l -> l.matches("output\\s+churn-model\\s+sha256:\\w+\\s+sha256:\\w+")),
        "two trainings that made different models differ in their output: " + diff);
    JsonNode json = JSON.readTree(lineage("diff", trainA.value(), trainB.value(), "--json").out());
    assertEquals(0.1, json.get("paramsChanged").get("learning_rate").get("b").asDouble());
    assertTrue(json.get("outputs").has("churn-model"), json.toString());
    String gpuRun = JSON.readTree(lineage("runs", "--name", "gpu-train", "--json").out()).get(0).get("id").asText();
    JsonNode withSampler = JSON.readTree(lineage("diff", trainA.value(), gpuRun, "--json").out());
    withSampler.get("finalMetrics").fieldNames().forEachRemaining(k -> assertFalse(k.startsWith("lineage."),
        "the sampler's series are no difference between runs: " + withSampler));
  }

  @Test
  void promotionIsACompareAndSetWithAHistory() throws Exception {
    Cli.Result models = lineage("models");
    assertOk(models);
    assertTrue(models.out().lines().anyMatch(l -> l.matches("churn\\s+2\\s+2\\s+.*production=1.*")),
        "the models list names their aliases: " + models);
    JsonNode versions = JSON.readTree(lineage("versions", "churn", "--json").out());
    assertEquals(trainB.value(), versions.get(1).get("run").asText());
    assertOk(lineage("promote", "churn", "production", "2", "--expect", "1", "--reason", "auc is better"));
    Cli.Result lost = lineage("promote", "churn", "production", "1", "--expect", "1", "--reason", "stale page");
    assertUserError(1, lost, "points to version 2, not version 1");
    JsonNode history = JSON.readTree(lineage("history", "churn", "production", "--json").out());
    assertEquals(2, history.size(), "the lost compare-and-set changed nothing");
    assertEquals("auc is better", history.get(1).get("reason").asText());
    assertEquals(1, history.get(1).get("from").asInt());
    assertEquals("lineage-cli", history.get(1).get("source").asText());
    assertTrue(lineage("history", "churn", "production").out().contains("auc is better"));
    assertOk(lineage("promote", "churn", "production", "1", "--expect", "2", "--reason", "roll back"));
    assertUserError(1, lineage("versions", "no-such-model"), "no-such-model");
    assertUserError(1, lineage("history", "no-such-model", "production"), "no-such-model");
    assertUserError(1, lineage("promote", "churn", "production", "7", "--expect", "1", "--reason", "x"),
        "no version 7");
    assertUserError(1, lineage("promote", "nomodel", "production", "1", "--expect", "none", "--reason", "x"),
        "no model 'nomodel'");
    assertUserError(1, lineage("history", "churn", "nosuchalias"), "no alias 'nosuchalias'");
    assertUserError(2, lineage("promote", "churn", "production", "1", "--expect", "one", "--reason", "x"), "--expect");
  }

  @Test
  void gpuListsTheRunsThatWastedTheMost() throws Exception {
    Cli.Result r = lineage("gpu");
    assertOk(r);
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("ID") && lines.get(0).contains("GPU-H IDLE"), r.toString());
    assertTrue(lines.get(1).contains("gpu-train") && lines.get(1).contains("100%"), r.toString());
    assertEquals(3, lines.size(), "only runs that held a GPU, and a total: " + r);
    JsonNode json = JSON.readTree(lineage("gpu", "--name", "gpu-train", "--json").out());
    assertEquals(1, json.size());
    assertTrue(json.get(0).get("gpuHoursIdle").asDouble() > 0);
    assertEquals(0, JSON.readTree(lineage("gpu", "--name", "train", "--json").out()).size());
  }

  @Test
  void maintenanceVerifiesCollectsAndPublishesQuietlyInAPipe() throws Exception {
    Cli.Result verify = lineage("verify");
    assertOk(verify);
    assertTrue(verify.out().startsWith("ok: "), verify.toString());
    assertEquals("", verify.err(), "no progress drawn into a pipe");
    assertTrue(JSON.readTree(lineage("verify", "--json").out()).get("ok").asBoolean());
    Cli.Result gc = lineage("gc");
    assertOk(gc);
    assertTrue(gc.out().contains("dry run"), gc.toString());
    assertEquals(0, JSON.readTree(lineage("gc", "--delete", "--json").out()).get("deleted").asInt(),
        "nothing is garbage in a store whose every blob is referenced");
    Cli.Result publish = lineage("index", "publish");
    assertOk(publish);
    assertTrue(publish.out().contains("over 5 runs"), publish.toString());
    Cli.Result again = lineage("index", "publish");
    assertOk(again);
    assertTrue(again.out().startsWith("the index is up to date"), "nothing changed, and it says so: " + again);
    assertEquals(5, ids(lineage("runs", "--json")).size(), "the index answers like the runs did");
  }

  @Test
  void exportWritesOpenLineageEventsTheOfficialClientParses() throws Exception {
    Cli.Result r = lineage("export", "openlineage", "--to", "-");
    assertOk(r);
    List<OpenLineage.RunEvent> events = r.out().lines().map(OpenLineageClientUtils::runEventFromJson).toList();
    assertEquals(10, events.size(), "a START and an end per run: " + r);
    assertEquals(1, events.stream().filter(e -> e.getEventType() == OpenLineage.RunEvent.EventType.FAIL).count(),
        "the failed training is a FAIL");
    Cli.Result trains = lineage("export", "openlineage", "--to", "-", "--name", "train", "--status", "SUCCEEDED");
    assertEquals(4, trains.out().lines().count(), trains.toString());
    Cli.Result console = lineage("export", "openlineage", "--to", "console", "--name", "train", "--status",
        "SUCCEEDED");
    assertOk(console);
    assertEquals(4, console.out().lines().filter(l -> l.contains("\"eventType\"")).count(),
        "the console shows every event it says it sent: " + console);
  }

  @Test
  void usageErrorsAndHelp() throws Exception {
    assertUserError(2, lineage("runs", "--limit", "many"), "--limit");
    assertUserError(2, lineage("runs", "--metric", "auc>>1"), "--metric");
    assertUserError(2, lineage("runs", "--since", "last tuesday"), "--since");
    assertUserError(2, cli().run("no-such-command"), "no-such-command");
    for (String command : List.of("runs", "show", "diff", "upstream", "downstream", "path", "used", "models",
        "versions", "promote", "history", "gpu", "verify", "gc", "reproduce")) {
      Cli.Result help = cli().run(command, "--help");
      assertOk(help);
      assertTrue(help.out().contains("Example"), command + " --help has an example: " + help);
    }
    Cli.Result sortedByNothing = lineage("runs", "--sort", "-acu");
    assertOk(sortedByNothing);
    assertTrue(sortedByNothing.err().contains("no run listed has a metric 'acu'"), sortedByNothing.toString());
    Cli.Result version = cli().run("-V");
    assertOk(version);
    assertTrue(version.out().matches("lineage \\d+\\.\\d+\\.\\d+\\S* \\(Java .*\\)\\s*"), version.toString());
    Cli.Result helpRuns = cli().run("help", "runs");
    assertOk(helpRuns);
    assertEquals(cli().run("runs", "--help").out(), helpRuns.out(), "help COMMAND is COMMAND --help");
    Cli.Result completion = cli().run("generate-completion");
    assertOk(completion);
    assertTrue(completion.out().contains("complete -F"), "a bash completion script");
  }

  private static List<String> ids(Cli.Result r) throws Exception {
    assertOk(r);
    return JSON.readTree(r.out()).findValues("id").stream().map(JsonNode::asText).toList();
  }
}
