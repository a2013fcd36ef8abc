package org.csgateway.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.csgateway.app.sandbox.SandboxFault;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access log of a whole gateway in front of the sandbox, read from the {@code csgateway.access} logger: one JSON
 * line per request with every documented field, edge refusals and client disconnects included, and never a token.
 */
@ExtendWith(VertxExtension.class)
class AccessLogTest {
  private static final String YAML = """
      server: {host: 127.0.0.1, port: 0, instances: 1, limits: {maxUriLength: 2048}}
      admin: {host: 127.0.0.1, port: 0}
      sandbox: {enabled: true}
      auth: {enabled: true}
      versions: {enabled: true, default: 80, supported: [80]}
      rateLimit:
        enabled: true
        policies: [{name: default, rate: 100000, period: 1m, key: client_address}]
      cache: {enabled: true, families: {projects: 30s}}
      """;

  private static TestGateway gateway;
  private static final Logger ACCESS = Logger.getLogger(AccessLog.LOGGER);
  private static Level levelBefore;
  private final Lines lines = new Lines();

  /** Collects the lines; a test may wait for one that matches. */
  private static final class Lines extends Handler {
    private final List<JsonObject> seen = new CopyOnWriteArrayList<>();
    private volatile Predicate<JsonObject> awaited = line -> false;
    private final CompletableFuture<JsonObject> match = new CompletableFuture<>();

    @Override
    public void publish(LogRecord record) {
      JsonObject line = new JsonObject(record.getMessage()); // fails the test's assertions if it is not JSON
      seen.add(line);
      if (awaited.test(line)) {
        match.complete(line);
      }
    }

    JsonObject await(Predicate<JsonObject> predicate) throws Exception {
      awaited = predicate;
      seen.stream().filter(predicate).findFirst().ifPresent(match::complete);
      return match.get(10, TimeUnit.SECONDS);
    }

    List<JsonObject> withId(String requestId) {
      return seen.stream().filter(l -> requestId.equals(l.getString("requestId"))).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @BeforeAll
  static void start(Vertx vertx) {
    levelBefore = ACCESS.getLevel();
    ACCESS.setLevel(Level.INFO); // the suite's logging.properties turns it off
    gateway = TestGateway.start(vertx, YAML);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    ACCESS.setLevel(levelBefore);
  }

  @BeforeEach
  void capture() {
    ACCESS.addHandler(lines);
  }

  @AfterEach
  void release() {
    ACCESS.removeHandler(lines);
    gateway.sandbox().faults().clear();
  }

  @Test
  void should_write_one_json_line_with_every_field_and_no_token_when_a_query_token_authenticates() throws Exception {
    String token = gateway.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
    HttpResponse<Buffer> response = gateway.client().get("/api/projects?access_token=" + token).send().await();
    assertThat(response.statusCode()).isEqualTo(200);

    String requestId = response.getHeader("X-Request-Id");
    JsonObject line = lines.await(l -> requestId.equals(l.getString("requestId")));
    assertThat(lines.withId(requestId)).hasSize(1);
    assertThat(line.fieldNames()).containsExactlyInAnyOrder("time", "requestId", "route", "method", "path",
        "status", "outcome", "durationMs", "gatewayMs", "upstreamMs", "bytesIn", "bytesOut", "cache", "rateLimit",
        "authKind", "authResult", "apiVersion", "principal", "client");
    assertThat(line.getString("route")).isEqualTo("/api/projects");
    assertThat(line.getString("method")).isEqualTo("GET");
    assertThat(line.getString("path")).isEqualTo("/api/projects");
    assertThat(line.getInteger("status")).isEqualTo(200);
    assertThat(line.getString("outcome")).isEqualTo("completed");
    assertThat(line.getDouble("durationMs")).isPositive();
    assertThat(line.getDouble("upstreamMs")).isPositive().isLessThanOrEqualTo(line.getDouble("durationMs"));
    assertThat(line.getDouble("gatewayMs") + line.getDouble("upstreamMs"))
        .isCloseTo(line.getDouble("durationMs"), org.assertj.core.data.Offset.offset(0.002));
    assertThat(line.getLong("bytesOut")).isEqualTo((long) response.body().length());
    assertThat(line.getString("cache")).isEqualTo("miss");
    assertThat(line.getString("rateLimit")).isEqualTo("allowed");
    assertThat(line.getString("authKind")).isEqualTo("bearer");
    assertThat(line.getString("authResult")).isEqualTo("ok");
    assertThat(line.getString("apiVersion")).isEqualTo("80");
    assertThat(line.getString("principal")).matches("[0-9a-f]{16}")
        .isEqualTo(PrincipalHashes.digest("user:" + SandboxIdentities.DEMO_USER_ID + "/app:"
            + SandboxIdentities.DEMO_CLIENT_ID));
    assertThat(line.getString("client")).isEqualTo("127.0.0.1");
    assertThat(line.getString("time")).endsWith("Z");
    assertThat(line.encode()).doesNotContain(token).doesNotContain("access_token").doesNotContain("user:");
  }

  @Test
  void should_log_the_refusal_without_the_token_when_a_bearer_token_in_the_query_is_invalid() throws Exception {
    HttpResponse<Buffer> response = gateway.client().get("/api/projects?bearer_token=not-valid-secret-123")
        .send().await();
    assertThat(response.statusCode()).isEqualTo(401);

    String requestId = response.getHeader("X-Request-Id");
    JsonObject line = lines.await(l -> requestId.equals(l.getString("requestId")));
    assertThat(line.getString("authKind")).isEqualTo("bearer");
    assertThat(line.getString("authResult")).isEqualTo("invalid");
    assertThat(line.getValue("upstreamMs")).isNull();
    assertThat(line.getString("principal")).isNull();
    assertThat(lines.seen.toString()).doesNotContain("not-valid-secret-123").doesNotContain("bearer_token");
  }

  @Test
  void should_log_an_edge_refusal_with_route_none_when_the_uri_is_too_long() throws Exception {
    HttpResponse<Buffer> response = gateway.client().get("/api/" + "x".repeat(3000)).send().await();
    assertThat(response.statusCode()).isEqualTo(414);

    JsonObject line = lines.await(l -> l.getInteger("status") == 414);
    assertThat(line.getString("route")).isEqualTo("none");
    assertThat(line.getString("outcome")).isEqualTo("refused");
    assertThat(line.getString("path").length()).isLessThanOrEqualTo(AccessLog.MAX_PATH);
  }

  @Test
  void should_log_the_client_leaving_as_client_closed_with_499_when_it_disconnects_before_the_answer(Vertx vertx)
      throws Exception {
    gateway.sandbox().faults().add(SandboxFault.delay(Duration.ofSeconds(3)).onPath("/api/zones"));
    NetSocket socket = vertx.createNetClient().connect(gateway.ports().proxy(), "127.0.0.1").await();
    String basic = java.util.Base64.getEncoder().encodeToString(
        (SandboxIdentities.DEMO_API_KEY + ":" + SandboxIdentities.DEMO_API_SECRET).getBytes());
    socket.write("GET /api/zones HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + basic + "\r\n\r\n").await();
    lines.seen.clear();
    // Closing once the upstream has the request: the gateway is waiting on it when the client goes.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gateway.sandbox().recentRequests().stream().noneMatch(r -> r.uri().startsWith("/api/zones"))
        && System.nanoTime() < deadline) {
      vertx.timer(10).await();
    }
    socket.close().await();

    JsonObject line = lines.await(l -> "client_closed".equals(l.getString("outcome")));
    assertThat(line.getInteger("status")).isEqualTo(499);
    assertThat(line.getString("route")).isEqualTo("/api/zones");
    assertThat(line.getString("authKind")).isEqualTo("basic");
  }

  @Test
  void should_write_exactly_one_line_per_request_when_several_arrive() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(gateway.client().get("/api/no-such-" + i).send().await().getHeader("X-Request-Id"));
    }
    String last = ids.get(4);
    lines.await(l -> last.equals(l.getString("requestId")));
    // a later request's line is written after an earlier one's: all are in, each once
    for (String id : ids) {
      assertThat(lines.withId(id)).singleElement()
          .satisfies(line -> assertThat(line.getString("route")).isEqualTo("unmatched"));
    }
  }

  @Test
  void should_escape_control_characters_so_that_a_line_stays_one_line_when_the_path_has_them() {
    JsonLine json = new JsonLine(64).string("path", "/a\"b\\c\nd\u0001\u2028");
    String line = json.end();
    assertThat(line).doesNotContain("\n").doesNotContain("\u2028");
    assertThat(new JsonObject(line).getString("path")).isEqualTo("/a\"b\\c\nd\u0001\u2028");
    assertThat(new JsonLine(16).millis("ms", 1_234_567).end()).isEqualTo("{\"ms\":1.234}");
    assertThat(new JsonLine(16).millis("ms", 5_000).end()).isEqualTo("{\"ms\":0.005}");
  }
}
