package org.csgateway.app.e2e.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.csgateway.app.e2e.cache.CacheHttp.Caller;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.app.sandbox.Sandbox;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestClock;
import org.csgateway.app.testing.TestGateway;

/**
 * One whole gateway for a cache test: started in-process from YAML on free ports with a {@link TestClock} (the caches, limiters and the sandbox's tokens read it), in
 * front of its own sandbox (or of another gateway's), with real HTTP to its proxy and admin ports and straight to
 * the sandbox for the answers to compare with.
 */
final class CacheGateway implements AutoCloseable {
  /** Loopback, free ports, two event loops sharing one process-wide cache. */
  static final String SERVER_YAML = """
      server: {host: 127.0.0.1, port: 0, instances: 2}
      admin: {host: 127.0.0.1, port: 0}
      """;
  /** The sandbox as the upstream. */
  static final String SANDBOX_YAML = SERVER_YAML + "sandbox: {enabled: true}\n";

  static final Caller DEMO = Caller.basic(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET);
  static final Caller OTHER = Caller.basic(SandboxIdentities.OTHER_API_KEY, SandboxIdentities.OTHER_API_SECRET);

  private final TestClock clock;
  private final TestGateway gateway;
  private final Sandbox sandbox;
  private final CacheHttp http;

  private CacheGateway(TestClock clock, TestGateway gateway, Sandbox sandbox, CacheHttp http) {
    this.clock = clock;
    this.gateway = gateway;
    this.sandbox = sandbox;
    this.http = http;
  }

  /** A gateway in front of its own sandbox, configured by {@link #SANDBOX_YAML} plus {@code moreYaml}. */
  static CacheGateway start(Vertx vertx, String moreYaml) {
    TestClock clock = new TestClock();
    TestGateway gateway = TestGateway.start(vertx, SANDBOX_YAML + moreYaml, clock.clocks());
    return new CacheGateway(clock, gateway, gateway.sandbox(), new CacheHttp(vertx));
  }

  /** A second gateway whose upstream is {@code first}'s sandbox (no sandbox of its own). */
  static CacheGateway startInFrontOf(Vertx vertx, CacheGateway first, String moreYaml) {
    TestClock clock = new TestClock();
    String yaml = SERVER_YAML + "sandbox: {enabled: false}\nupstream: {url: \"" + first.sandbox.baseUrl() + "\"}\n"
        + moreYaml;
    TestGateway gateway = TestGateway.start(vertx, yaml, clock.clocks());
    return new CacheGateway(clock, gateway, first.sandbox, new CacheHttp(vertx));
  }

  Sandbox sandbox() {
    return sandbox;
  }

  CacheHttp http() {
    return http;
  }

  int proxyPort() {
    return gateway.ports().proxy();
  }

  /** A GET through the gateway. */
  Reply get(String uri, Caller caller, String... headerPairs) {
    return http.get(proxyPort(), uri, caller, headerPairs);
  }

  /** Any request through the gateway. */
  Reply send(HttpMethod method, String uri, Caller caller, JsonObject body) {
    return http.call(proxyPort(), method, uri, caller, body);
  }

  /** A request through the gateway, not waited for. */
  Future<Reply> request(HttpMethod method, String uri, Caller caller) {
    return http.send(proxyPort(), method, uri, caller, null);
  }

  /** The same GET straight to the sandbox, bypassing the gateway: what the caller's data really is. */
  Reply direct(String uri, Caller caller) {
    return http.get(sandbox.port(), uri, caller);
  }

  /** How many requests for this route reached the sandbox's handler, e.g. {@code upstreamGets("/api/projects")}. */
  long upstreamGets(String template) {
    return sandbox.stats().routeRequests("GET " + template);
  }

  /** A user token issued by the sandbox from the demo application. */
  String userToken(String user, String... scopes) {
    return sandbox.issueUserToken(user, Set.of(scopes));
  }

  /** The principal id the gateway gives a user token of the demo application. */
  static String tokenPrincipal(long userId) {
    return "user:" + userId + "/app:" + SandboxIdentities.DEMO_CLIENT_ID;
  }

  /** A request to the admin listener. */
  Reply admin(HttpMethod method, String path) {
    return http.call(gateway.ports().admin(), method, path, null, null);
  }

  /** The admin listener's cache statistics. */
  JsonObject cacheStats() {
    Reply stats = admin(HttpMethod.GET, "/cache/stats");
    if (stats.status() != 200) {
      throw new AssertionError("GET /cache/stats answered " + stats.status() + ": " + stats.body());
    }
    return stats.json();
  }

  /**
   * Waits until the cache holds at least {@code n} entries. A miss is stored when the upstream's body has ended,
   * which can be a moment after the client has the whole answer; a test that moves the clock right after a miss
   * waits for the store first, or the entry would be dated after the move.
   */
  void awaitEntries(long n) {
    http.awaitTrue("the cache holds " + n + " entries",
        () -> http.send(gateway.ports().admin(), HttpMethod.GET, "/cache/stats", null, null)
            .map(stats -> stats.status() == 200 && stats.json().getLong("entries") >= n));
  }

  static String pathSegment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  void advance(Duration by) {
    clock.advance(by);
  }

  @Override
  public void close() {
    http.close();
    gateway.close();
  }
}
