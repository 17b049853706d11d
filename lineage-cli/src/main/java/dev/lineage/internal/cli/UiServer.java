package dev.lineage.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lineage.ConflictException;
import dev.lineage.InvalidInputException;
import dev.lineage.Lineage;
import dev.lineage.LineageException;
import dev.lineage.NotFoundException;
import dev.lineage.maintenance.Progress;
import dev.lineage.registry.AliasMove;
import dev.lineage.registry.AliasMoveRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The report served live, with a promote button on each model version (docs/report.md). A promotion is the same
 * compare-and-set as {@code lineage promote}: the version the page showed the alias at must still be current, a
 * reason is required, and the principal is the user the server runs as. State-changing requests must carry the
 * token printed at start (in a header, never a URL, so no request log holds it), come from the server's own
 * origin, name its own host (no DNS rebinding) and send JSON (so no cross-origin form can).
 */
final class UiServer implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final Lineage lineage;
  /** Opens the store for writing, for one promotion at a time: the page itself reads through a read-only one. */
  private final java.util.function.Supplier<Lineage> writer;
  private final String token;
  private final int seriesRuns;
  private final Clock clock;
  private final PrintWriter log;
  private final Set<String> hosts;
  private final String origin;

  private UiServer(HttpServer server, Lineage lineage, java.util.function.Supplier<Lineage> writer, String token,
      int seriesRuns, Clock clock, PrintWriter log) {
    this.server = server;
    this.lineage = lineage;
    this.writer = writer;
    this.token = token;
    this.seriesRuns = seriesRuns;
    this.clock = clock;
    this.log = log;
    int port = server.getAddress().getPort();
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
    this.origin = "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port;
  }

  static UiServer start(Lineage lineage, java.util.function.Supplier<Lineage> writer, String bind, int port,
      String token, int seriesRuns, Clock clock, PrintWriter log) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    UiServer ui = new UiServer(server, lineage, writer, token, seriesRuns, clock, log);
    server.createContext("/", ui::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "lineage-ui");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return ui;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String host = x.getRequestHeaders().getFirst("Host");
      if (host == null || !hosts.contains(host)) {
        send(x, 421, "text/plain", "this server answers only as 127.0.0.1 or localhost");
        return;
      }
      String path = x.getRequestURI().getPath();
      if (x.getRequestMethod().equals("GET") && path.equals("/")) {
        ObjectNode data = ReportModel.of(lineage, seriesRuns, clock.instant(), Progress.NONE);
        data.putObject("ui").put("token", token);
        send(x, 200, "text/html; charset=utf-8", ReportPage.html(data));
      } else if (x.getRequestMethod().equals("POST") && path.equals("/api/promote")) {
        promote(x);
      } else {
        send(x, 404, "text/plain", "not found");
      }
    } catch (RuntimeException e) {
      log.println("lineage ui: " + e);
      log.flush();
    }
  }

  private void promote(HttpExchange x) throws IOException {
    String from = x.getRequestHeaders().getFirst("Origin");
    if (from != null && !from.equals(origin) && !from.equals(origin.replace("127.0.0.1", "localhost"))) {
      refuse(x, 403, "refused: a request from another origin (" + from + ")");
      return;
    }
    String given = x.getRequestHeaders().getFirst("X-Lineage-Token");
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8))) {
      refuse(x, 403, "refused: no valid X-Lineage-Token (the token lineage ui printed when it started)");
      return;
    }
    String type = x.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      refuse(x, 415, "refused: the body must be application/json");
      return;
    }
    JsonNode body;
    try {
      body = MAPPER.readTree(x.getRequestBody().readNBytes(64 * 1024));
    } catch (IOException e) {
      refuse(x, 400, "refused: the body is not JSON");
      return;
    }
    String model = body.path("model").asText("");
    String alias = body.path("alias").asText("");
    int version = body.path("version").asInt(-1);
    OptionalInt expect = body.path("expect").isInt() ? OptionalInt.of(body.get("expect").asInt()) : OptionalInt.empty();
    String reason = body.path("reason").asText("").trim();
    if (reason.isEmpty()) {
      refuse(x, 400, "refused: a promotion needs a reason");
      return;
    }
    boolean create = body.path("create").asBoolean(false);
    try (Lineage writable = writer.get()) {
      java.util.List<String> existing = writable.registry().aliases(model);
      if (!create && !existing.contains(alias)) { // a typo must not become an alias beside the one meant
        refuse(x, 404, "refused: " + model + " has no alias '" + alias + "' (it has " + (existing.isEmpty() ? "none"
            : String.join(", ", existing)) + "); to create one, choose \"new alias\"");
        return;
      }
      AliasMoveRequest request = AliasMoveRequest.builder(model, alias).expected(expect).to(version).reason(reason)
          .source("lineage ui").build();
      AliasMove move = Promotions.moveOrPropose(writable.registry(), request);
      String message = move.kind() == AliasMove.Kind.PROPOSAL
          ? model + ":" + alias + " -> version " + move.to() + " proposed (move " + move.sequence() + " by "
              + move.principal() + "); it moves when another principal approves it: "
              + Promotions.approveCommand(move)
          : model + ":" + alias + " now points to version " + move.to() + " (move " + move.sequence() + " by "
              + move.principal() + ")";
      log.println("lineage ui: " + message);
      log.flush();
      reply(x, 200, true, message);
    } catch (ConflictException e) {
      refuse(x, 409, "refused, the page was stale: " + e.getMessage() + " (reload and try again)");
    } catch (NotFoundException e) {
      refuse(x, 404, "refused: " + e.getMessage());
    } catch (InvalidInputException e) {
      refuse(x, 400, "refused: " + e.getMessage());
    } catch (LineageException e) {
      refuse(x, 500, "failed: " + e.getMessage());
    }
  }

  private void refuse(HttpExchange x, int status, String message) throws IOException {
    log.println("lineage ui: " + x.getRequestMethod() + " " + x.getRequestURI().getPath() + " " + status + " "
        + message);
    log.flush();
    reply(x, status, false, message);
  }

  private static void reply(HttpExchange x, int status, boolean ok, String message) throws IOException {
    send(x, status, "application/json", MAPPER.writeValueAsString(Json.object().put("ok", ok).put("message", message)));
  }

  private static void send(HttpExchange x, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.getResponseHeaders().set("X-Frame-Options", "DENY");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
