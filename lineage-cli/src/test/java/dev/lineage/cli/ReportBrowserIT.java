package dev.lineage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.Artifact;
import dev.lineage.Lineage;
import dev.lineage.registry.AliasMoveRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a user opens it: written by the real jar, loaded from disk by a real headless Chromium, with no
 * network. The DOM is asserted view by view, the console must stay free of errors, and a screenshot must show
 * something.
 */
class ReportBrowserIT {
  @TempDir static Path dir;
  static Path store;
  static Path report;
  static Chromium browser;
  static JsonNode data;

  @BeforeAll
  static void write() throws Exception {
    store = dir.resolve("store");
    Path files = Files.createDirectories(dir.resolve("files"));
    CliScenarios.writePipeline(Lineage.builder().store(store.toString()), files);
    CliScenarios.writeGpuRun(Lineage.builder().store(store.toString()));
    try (Lineage lineage = Lineage.builder().store(store.toString()).systemMetrics(false).build()) {
      for (double lr : List.of(0.01, 0.03)) { // two runs of one name with long curves, to overlay
        lineage.run("fit", run -> {
          run.logParam("learning_rate", lr);
          for (int step = 0; step < 5_000; step++) {
            run.logMetric("loss", Math.exp(-step * lr / 10) + 0.01 * Math.sin(step), step);
          }
          return null;
        });
      }
      chain(lineage, 100); // a model whose upstream graph has over 200 nodes
    }
    report = dir.resolve("report.html");
    Cli.Result r = new Cli(dir).run("report", "--out", report.toString(), "--store", store.toString());
    assertEquals(0, r.code(), r.toString());
    browser = Chromium.launch(dir.resolve("profile"));
    String html = Files.readString(report, StandardCharsets.UTF_8);
    String json = html.substring(html.indexOf("id=\"lineage-data\">") + 18, html.indexOf("</script>",
        html.indexOf("id=\"lineage-data\">")));
    data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.replace("<\\/", "</"));
  }

  /** Runs that each use their predecessor's output: 100 runs and 101 artifacts, plus the model version. */
  private static void chain(Lineage lineage, int length) throws Exception {
    Path dataset = Files.writeString(dir.resolve("files/chain-0.bin"), "0");
    Artifact last = null;
    for (int i = 0; i < length; i++) {
      Path in = dir.resolve("files/chain-" + i + ".bin");
      Path out = dir.resolve("files/chain-" + (i + 1) + ".bin");
      int n = i;
      last = lineage.run("stage-" + i, run -> {
        run.use(in, "chain-" + n);
        run.use(dataset.resolveSibling("chain-0.bin"), "chain-0");
        return run.produce(Files.writeString(out, "step " + (n + 1)), "chain-" + (n + 1));
      });
    }
    lineage.registry().register("chain", last);
    lineage.registry().moveAlias(AliasMoveRequest.builder("chain", "production").expectingNone().to(1)
        .reason("end of the chain").build());
  }

  @AfterAll
  static void close() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  private void view(String hash) throws Exception {
    browser.open(report.toUri() + hash);
    browser.await("document.body.getAttribute('data-view') !== null");
  }

  @Test
  void theRunsTableHasARowPerRunAndSortsAndFilters() throws Exception {
    view("#/runs");
    assertEquals(data.get("runs").size(), browser.eval("document.querySelectorAll('tr.run-row').length").asInt());
    browser.eval("[...document.querySelectorAll('th')].find(t => t.textContent === 'Name').click()");
    List<String> names = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(browser.eval(
        "[...document.querySelectorAll('tr.run-row')].map(r => r.children[2].textContent)"),
        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {});
    assertEquals(names.stream().sorted().toList(), names, "sorted by name");
    browser.eval("(() => { const f = document.getElementById('run-filter'); f.value = 'gpu-train';"
        + " f.dispatchEvent(new Event('input')); })()");
    assertEquals(1, browser.eval("[...document.querySelectorAll('tr.run-row')].filter(r => r.style.display !== 'none')"
        + ".length").asInt());
    assertEquals(List.of(), browser.errors());
  }

  @Test
  void aRunsPageChartsItsMetricsAndOverlaysAnother() throws Exception {
    JsonNode fits = data.get("runs");
    String a = null;
    String b = null;
    for (JsonNode r : fits) {
      if (r.get("name").asText().equals("fit")) {
        if (a == null) {
          a = r.get("id").asText();
        } else {
          b = r.get("id").asText();
        }
      }
    }
    view("#/run/" + a);
    browser.await("document.querySelector('.chart[data-key=\"loss\"] canvas')");
    assertTrue(browser.eval("document.body.textContent.includes('learning_rate')").asBoolean());
    assertEquals(2, browser.eval("document.querySelectorAll('.chart[data-key=\"loss\"] .u-series').length").asInt(),
        "the x axis and one line");
    view("#/compare/" + a + "," + b);
    browser.await("document.querySelector('.chart[data-key=\"loss\"] canvas')");
    assertEquals(3, browser.eval("document.querySelectorAll('.chart[data-key=\"loss\"] .u-series').length").asInt(),
        "both runs on one chart");
    assertTrue(data.get("series").get(a).get("loss").get(0).size() <= 1_000, "5,000 points thinned to 1,000");
    assertEquals(List.of(), browser.errors());
  }

  @Test
  void theLineageGraphOfTwoHundredNodesIsLaidOutWithoutOverlaps() throws Exception {
    String key = "chain@1";
    int nodes = data.get("graphs").get(key).get("nodes").size();
    assertTrue(nodes >= 200, "a graph of " + nodes + " nodes");
    view("#/graph/" + key);
    browser.await("document.querySelectorAll('g.node').length > 0");
    assertEquals(nodes, browser.eval("document.querySelectorAll('g.node').length").asInt(), "one element per node");
    int overlaps = browser.eval("(() => { const r = [...document.querySelectorAll('g.node rect')]"
        + ".map(e => e.getBoundingClientRect()); let n = 0;"
        + " for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {"
        + "  const a = r[i], b = r[j]; if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n++; }"
        + " return n; })()").asInt();
    assertEquals(0, overlaps, "no two nodes overlap");
    assertEquals(0, browser.eval("[...document.querySelectorAll('path.edge')].filter(p => {"
        + " const xs = p.getAttribute('d').substring(1).split(' L').map(t => parseFloat(t));"
        + " return xs[xs.length - 1] <= xs[0]; }).length").asInt(), "every edge runs left to right, as data flows");
    String first = null;
    String version = null;
    for (JsonNode n : data.get("graphs").get(key).get("nodes")) {
      if (n.get("label").asText().equals("chain-0")) {
        first = n.get("id").asText();
      } else if (n.get("kind").asText().equals("MODEL_VERSION")) {
        version = n.get("id").asText();
      }
    }
    String centres = "Object.fromEntries([...document.querySelectorAll('g.node')].map(g => {"
        + " const r = g.getBoundingClientRect(); return [g.dataset.node, r.left + r.width / 2]; }))";
    JsonNode x = browser.eval(centres);
    double firstX = x.get(first).asDouble();
    double versionX = x.get(version).asDouble();
    for (var e : x.properties()) {
      if (!e.getKey().equals(first)) {
        assertTrue(e.getValue().asDouble() > firstX, "the first dataset is left of " + e.getKey());
      }
      if (!e.getKey().equals(version)) {
        assertTrue(e.getValue().asDouble() < versionX, "the model version is right of " + e.getKey());
      }
    }
    assertEquals(List.of(), browser.errors());
  }

  @Test
  void theRegistryAndGpuWasteViews() throws Exception {
    view("#/models");
    assertEquals(3, browser.eval("document.querySelectorAll('tr.version-row').length").asInt(), "churn 1, 2; chain 1");
    assertTrue(browser.eval("document.querySelectorAll('tr.history-row').length").asInt() >= 2);
    assertEquals(0, browser.eval("document.querySelectorAll('.promote-button').length").asInt(),
        "a report on disk promotes nothing");
    view("#/gpu");
    assertTrue(browser.eval("document.querySelectorAll('tr.gpu-row').length").asInt() >= 1);
    assertTrue(browser.eval("document.body.textContent.includes('gpu-train')").asBoolean());
    assertEquals(List.of(), browser.errors());
  }

  @Test
  void itOpensOfflineShowsSomethingAndStaysSmall() throws Exception {
    view("#/runs");
    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(browser.screenshot()));
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < shot.getHeight(); y += 7) {
      for (int x = 0; x < shot.getWidth(); x += 7) {
        colours.add(shot.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 20, "a screenshot that is not blank: " + colours.size() + " colours");
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertTrue(!html.contains("<script src") && !html.contains("<link"), "nothing is loaded from elsewhere");
    assertTrue(Files.size(report) < 2_000_000, "under 2 MB: " + Files.size(report));
    assertEquals(List.of(), browser.errors());
  }
}
