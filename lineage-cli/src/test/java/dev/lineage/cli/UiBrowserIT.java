package dev.lineage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.Lineage;
import dev.lineage.registry.AliasMove;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lineage ui} as a user meets it: the real jar serving a real store on loopback, a real Chromium clicking
 * its promote button; and the requests a hostile page or a stale one could send, which change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserIT {
  @TempDir static Path dir;
  static Path store;
  static Process ui;
  static String url;
  static String token;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    store = dir.resolve("store");
    CliScenarios.writePipeline(Lineage.builder().store(store.toString()), Files.createDirectories(dir.resolve("f")));
    ProcessBuilder pb = new ProcessBuilder("sh", Path.of("bin/lineage").toAbsolutePath().toString(), "ui",
        "--port", "0", "--store", store.toString()).redirectError(dir.resolve("ui.err").toFile());
    pb.environment().put("LINEAGE_JAR", System.getProperty("lineage.jar"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    ui = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8));
    for (String line; token == null && (line = out.readLine()) != null; ) {
      if (line.startsWith("Lineage UI on ")) {
        url = line.substring("Lineage UI on ".length(), line.indexOf(' ', "Lineage UI on ".length()));
      } else if (line.startsWith("token for promotions: ")) {
        token = line.substring("token for promotions: ".length());
      }
    }
    assertTrue(url != null && url.startsWith("http://127.0.0.1:") && token != null && token.length() == 32,
        url + " " + token);
  }

  @AfterAll
  static void stop() throws Exception {
    if (ui != null) {
      ui.destroy();
      ui.waitFor(20, TimeUnit.SECONDS);
      String log = Files.readString(dir.resolve("ui.err"));
      assertTrue(!log.contains(token), "the token is in no request log");
    }
  }

  private static List<AliasMove> history() {
    try (Lineage lineage = Lineage.builder().store(store.toString()).createStore(false).systemMetrics(false)
        .build()) {
      return lineage.registry().aliasHistory("churn", "production");
    }
  }

  private static HttpResponse<String> post(String body, String withToken, String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "api/promote"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (withToken != null) {
      b.header("X-Lineage-Token", withToken);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void aClickPromotesWithAReasonAndTheHistoryRecordsIt() throws Exception {
    assertEquals(1, history().size());
    try (Chromium browser = Chromium.launch(dir.resolve("profile"))) {
      browser.open(url + "#/models");
      browser.await("document.querySelector('tr.version-row[data-version=\"2\"] .promote-button')");
      browser.eval("(() => { const row = document.querySelector('tr.version-row[data-version=\"2\"]');"
          + " row.querySelector('.promote-reason').value = 'AUC up on holdout';"
          + " row.querySelector('.promote-button').click(); })()");
      browser.await("document.querySelector('tr.history-row') && document.querySelectorAll('tr.history-row').length == 2");
      assertEquals(List.of(), browser.errors());
    }
    List<AliasMove> moves = history();
    assertEquals(2, moves.size());
    AliasMove last = moves.get(1);
    assertEquals(2, last.to());
    assertEquals(1, last.from().getAsInt());
    assertEquals("AUC up on holdout", last.reason());
    assertEquals(System.getProperty("user.name"), last.principal());
    assertEquals("lineage ui", last.source().orElseThrow());
  }

  @Test
  @Order(2)
  void aStalePageAMissingTokenAnotherOriginOrNoReasonChangeNothing() throws Exception {
    int before = history().size();
    String stale = "{\"model\":\"churn\",\"alias\":\"production\",\"version\":1,\"expect\":1,\"reason\":\"old page\"}";
    HttpResponse<String> r = post(stale, token, null);
    assertEquals(409, r.statusCode(), r.body());
    assertTrue(r.body().contains("stale"), r.body());
    String fresh = stale.replace("\"expect\":1", "\"expect\":2");
    assertEquals(403, post(fresh, null, null).statusCode(), "no token");
    assertEquals(403, post(fresh, "0".repeat(32), null).statusCode(), "a wrong token");
    assertEquals(403, post(fresh, token, "http://evil.example").statusCode(), "another origin");
    assertEquals(400, post(fresh.replace("old page", " "), token, null).statusCode(), "no reason");
    HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/promote"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-Lineage-Token", token)
        .POST(HttpRequest.BodyPublishers.ofString("model=churn")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(415, form.statusCode(), "a form post");
    assertEquals(before, history().size(), "nothing changed");
    JsonNode ok = new ObjectMapper().readTree(post(fresh, token, url.substring(0, url.length() - 1)).body());
    assertTrue(ok.get("ok").asBoolean(), ok.toString());
    assertEquals(before + 1, history().size(), "and the right request does");
  }

  @Test
  @Order(3)
  void anAliasTheModelLacksIsRefusedUnlessThePageAskedToCreateIt() throws Exception {
    int before = history().size();
    String typo = "{\"model\":\"churn\",\"alias\":\"prodution\",\"version\":1,\"expect\":null,"
        + "\"reason\":\"a typo\"}";
    HttpResponse<String> r = post(typo, token, null);
    assertEquals(404, r.statusCode(), "it created a second alias before: " + r.body());
    assertTrue(r.body().contains("has no alias 'prodution'") && r.body().contains("production"), r.body());
    try (Lineage lineage = Lineage.builder().store(store.toString()).createStore(false).systemMetrics(false)
        .build()) {
      assertEquals(List.of("production"), lineage.registry().aliases("churn"), "nothing was created");
    }
    assertEquals(before, history().size());
    HttpResponse<String> created = post(typo.replace("prodution", "staging").replace("{", "{\"create\":true,"),
        token, null);
    assertEquals(200, created.statusCode(), created.body());
    try (Lineage lineage = Lineage.builder().store(store.toString()).createStore(false).systemMetrics(false)
        .build()) {
      assertEquals(List.of("production", "staging"), lineage.registry().aliases("churn"));
    }
  }

  @Test
  @Order(4)
  void aStalePagesRefusalIsShownWithinTheControlAndNeverWidensThePage() throws Exception {
    try (Chromium browser = Chromium.launch(dir.resolve("profile-stale"))) {
      browser.open(url + "#/models");
      String row = "document.querySelector('tr.version-row[data-version=\"1\"]')";
      browser.await(row + " && " + row + ".querySelector('.promote-button')");
      // Another client moves the alias after the page was drawn: the page is stale.
      int shown = history().get(history().size() - 1).to();
      JsonNode moved = new ObjectMapper().readTree(post("{\"model\":\"churn\",\"alias\":\"production\","
          + "\"version\":" + (3 - shown) + ",\"expect\":" + shown + ",\"reason\":\"elsewhere\"}", token, null)
          .body());
      assertTrue(moved.get("ok").asBoolean(), moved.toString());
      int before = browser.eval("document.documentElement.scrollWidth").asInt();
      browser.eval("(() => { const row = " + row + "; row.querySelector('.promote-alias').value = 'production';"
          + " row.querySelector('.promote-reason').value = 'from a stale page';"
          + " row.querySelector('.promote-button').click(); })()");
      browser.await(row + ".querySelector('.promote-result.bad') && " + row
          + ".querySelector('.promote-result').textContent.includes('stale')");
      int after = browser.eval("document.documentElement.scrollWidth").asInt();
      assertTrue(after <= before, "the refusal widened the page from " + before + " to " + after + " px");
      assertTrue(browser.errors().stream().allMatch(e -> e.contains("409")), browser.errors().toString());
    }
  }

  @Test
  @Order(5)
  void aPromotionOfAnAliasProtectedWithASecondApprovalIsProposedAndThePageShowsItPendingUntilApproved()
      throws Exception {
    try (Lineage alice = Lineage.builder().store(store.toString()).createStore(false).systemMetrics(false)
        .principal("alice").build()) {
      alice.registry().protectAlias("release", true, "two people sign off on releases");
    }
    JsonNode proposed = new ObjectMapper().readTree(post("{\"model\":\"churn\",\"alias\":\"release\","
        + "\"create\":true,\"version\":2,\"expect\":null,\"reason\":\"release candidate\"}", token, null).body());
    assertTrue(proposed.get("ok").asBoolean() && proposed.get("message").asText().contains("proposed"),
        proposed.toString());
    try (Chromium browser = Chromium.launch(dir.resolve("profile-pending"))) {
      browser.open(url + "#/models");
      browser.await("document.querySelector('.pending-approval')");
      String pending = browser.eval("document.querySelector('.pending-approval').textContent").asText();
      assertTrue(pending.contains("awaiting approval") && pending.contains("churn:release") && pending.contains(
          "lineage approve churn release 1"), pending);
      try (Lineage bob = Lineage.builder().store(store.toString()).createStore(false).systemMetrics(false)
          .principal("bob").build()) {
        bob.registry().approveMove("churn", "release", 1, "checked");
      }
      browser.eval("location.reload()"); // the ui builds the page from the store on each load
      browser.await("document.querySelectorAll('tr.history-row').length > 0 && !document.querySelector("
          + "'.pending-approval') && [...document.querySelectorAll('tr.history-row td')].some(td => td.textContent"
          + " == 'approval')");
      assertEquals(List.of(), browser.errors());
    }
  }
}
