package dev.lineage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium, driven over the DevTools protocol with the JDK's own HTTP and WebSocket clients: load
 * a page, run JavaScript in it, collect what its console reports as errors, take a screenshot.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  /**
   * The browser, or the test skipped with a message when this machine has none; under {@code CI=true} a missing
   * browser fails the test instead (.ci/run installs Debian's chromium).
   */
  static Chromium launch(Path profile) throws Exception {
    Optional<Path> binary = binary();
    if (binary.isEmpty()) {
      String why = "no Chromium on this machine (apt-get install chromium, or set CHROMIUM to its path)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why + ": under CI=true the browser tests must run");
      }
      Assumptions.abort(why + ": the browser tests are skipped");
    }
    return new Chromium(binary.get(), profile);
  }

  static Optional<Path> binary() {
    String explicit = System.getenv("CHROMIUM");
    if (explicit != null && Files.isExecutable(Path.of(explicit))) {
      return Optional.of(Path.of(explicit));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  private Chromium(Path binary, Path profile) throws Exception {
    process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--hide-scrollbars", "--window-size=1400,1000",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String endpoint = null;
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (String line; endpoint == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
      int at = line.indexOf("DevTools listening on ");
      if (at >= 0) {
        endpoint = line.substring(at + "DevTools listening on ".length()).trim();
      }
    }
    if (endpoint == null) {
      process.destroyForcibly();
      throw new IOException("Chromium did not start its DevTools endpoint");
    }
    Thread drain = new Thread(() -> {
      try {
        err.transferTo(java.io.Writer.nullWriter());
      } catch (IOException e) {
        // the browser is gone
      }
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    URI browser = URI.create(endpoint);
    HttpClient http = HttpClient.newHttpClient();
    String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    String page = null;
    for (JsonNode target : JSON.readTree(list)) {
      if (target.path("type").asText().equals("page")) {
        page = target.path("webSocketDebuggerUrl").asText();
      }
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).get(30, TimeUnit.SECONDS);
    call("Runtime.enable", null);
    call("Log.enable", null);
    call("Page.enable", null);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        try {
          received(JSON.readTree(message));
        } catch (IOException e) {
          errors.add("unreadable DevTools message: " + e);
        }
      }
      ws.request(1);
      return null;
    }
  }

  private void received(JsonNode m) {
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
      if (f != null) {
        if (m.has("error")) {
          f.completeExceptionally(new IllegalStateException(m.get("error").toString()));
        } else {
          f.complete(m.path("result"));
        }
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    switch (method) {
      case "Page.loadEventFired" -> loaded.complete(null);
      case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails").toString());
      case "Runtime.consoleAPICalled" -> {
        String type = p.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          errors.add("console." + type + ": " + p.path("args").toString());
        }
      }
      case "Log.entryAdded" -> {
        if (p.path("entry").path("level").asText().equals("error")) {
          errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
        }
      }
      default -> { }
    }
  }

  JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
    if (params != null) {
      m.set("params", params);
    }
    socket.sendText(JSON.writeValueAsString(m), true).get(30, TimeUnit.SECONDS);
    return f.get(60, TimeUnit.SECONDS);
  }

  /**
   * Loads {@code url} afresh and waits for its load event (by way of about:blank, since a URL that differs only in
   * its fragment would otherwise be a navigation within the page, which fires none).
   */
  void open(String url) throws Exception {
    for (String u : List.of("about:blank", url)) {
      loaded = new CompletableFuture<>();
      call("Page.navigate", JSON.createObjectNode().put("url", u));
      loaded.get(60, TimeUnit.SECONDS);
    }
  }

  /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value as JSON. */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new AssertionError("the page threw: " + r.get("exceptionDetails") + " for " + expression);
    }
    return r.path("result").path("value");
  }

  /** Waits until {@code condition} (a JavaScript expression) is true in the page. */
  void await(String condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!eval("!!(" + condition + ")").asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page never made true: " + condition);
      }
      Thread.sleep(100);
    }
  }

  byte[] screenshot() throws Exception {
    return Base64.getDecoder().decode(call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
        .path("data").asText());
  }

  /** What the page reported as errors so far: uncaught exceptions, console errors, failed loads. */
  List<String> errors() {
    return new ArrayList<>(errors);
  }

  /**
   * Stops the browser and every process it started, and returns only once all have exited: a renderer or utility
   * process left running still writes into the profile while the test's temporary directory is deleted (a
   * "Failed to delete temp directory ... profile/Default" seen once in four CI runs). The family is taken before
   * the browser goes, since its children are reparented once it has.
   */
  @Override
  public void close() {
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    family.add(process.toHandle());
    try {
      socket.abort();
    } finally {
      family.forEach(ProcessHandle::destroy);
      for (ProcessHandle member : family) {
        try {
          member.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
          member.destroyForcibly();
        } catch (InterruptedException e) {
          family.forEach(ProcessHandle::destroyForcibly);
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
