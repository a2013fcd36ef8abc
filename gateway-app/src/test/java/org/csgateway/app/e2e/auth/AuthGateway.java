package org.csgateway.app.e2e.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.csgateway.app.sandbox.Sandbox;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestClock;
import org.csgateway.app.testing.TestGateway;

/**
 * One whole gateway for an authentication scenario: started in-process from YAML on free ports in front of its own
 * sandbox, every clock of both (sandbox token clock, gateway wall and nano clocks) reading one {@link TestClock}.
 * Requests go through the proxy port, straight to the sandbox (what the upstream alone would answer with the same
 * credential), or to the admin port; they start on one event-loop context and every wait is bounded.
 */
final class AuthGateway implements AutoCloseable {
  /** Loopback, free ports, two event loops, the sandbox upstream; a failed-authentication budget no test exhausts. */
  private static final String BASE_YAML = """
      server: {host: 127.0.0.1, port: 0, instances: 2}
      admin: {host: 127.0.0.1, port: 0}
      sandbox: {enabled: true}
      rateLimit:
        failedAuthentication: {rate: 100000, period: 1m}
      """;
  static final long WAIT_SECONDS = 20;
  /** The authorization server's endpoint the {@code computestacks} strategy asks (for fault switches). */
  static final String TOKEN_INFO = "/api/oauth/token/info";
  static final String DEMO_PRINCIPAL = "user:" + SandboxIdentities.DEMO_USER_ID + "/app:"
      + SandboxIdentities.DEMO_CLIENT_ID;

  final TestClock time;
  final Sandbox sandbox;
  private final TestGateway gateway;
  private final WebClient client;
  private final Context context;

  private AuthGateway(Vertx vertx, TestClock time, TestGateway gateway) {
    this.time = time;
    this.gateway = gateway;
    this.sandbox = gateway.sandbox();
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false),
        new PoolOptions().setHttp1MaxSize(128));
    this.context = vertx.getOrCreateContext();
  }

  /** A gateway configured by the base YAML plus {@code moreYaml} (an {@code auth:} block, say). */
  static AuthGateway start(Vertx vertx, String moreYaml) {
    TestClock time = new TestClock();
    return new AuthGateway(vertx, time, TestGateway.start(vertx, BASE_YAML + moreYaml, time.clocks()));
  }

  /**
   * The one record excused from the log-hygiene checks: the SANDBOX's vertx-web router traces (FINEST) every
   * request's absolute URI, query tokens included. The sandbox stands in for the upstream, whose logs are not the
   * gateway's; the gateway's own admin router (another port) is not excused. Reported to the lead as a sandbox
   * finding.
   */
  boolean isSandboxRouterTrace(CapturedLogs.Captured record) {
    return record.logger().equals("io.vertx.ext.web.impl.RouterImpl")
        && record.text().contains("://127.0.0.1:" + sandbox.port() + "/");
  }

  // ---- credentials

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static String basic(String username, String password) {
    return "Basic " + base64(username + ":" + password);
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A token of the demo user from the demo application, with the sandbox's default lifetime. */
  String demoToken(String... scopes) {
    return sandbox.issueUserToken(SandboxIdentities.DEMO_USER, Set.of(scopes));
  }

  /** A token of the demo user from the demo application, living {@code lifetime} on the sandbox's clock. */
  String demoToken(Duration lifetime, String... scopes) {
    return sandbox.issueUserToken(SandboxIdentities.DEMO_USER, SandboxIdentities.DEMO_CLIENT_ID, Set.of(scopes),
        lifetime);
  }

  // ---- requests

  /** A GET through the gateway; {@code authorization} may be null. */
  HttpResponse<Buffer> get(String uri, String authorization) {
    return await(startGet(uri, authorization));
  }

  /** The same GET straight to the sandbox: what the upstream alone answers. */
  HttpResponse<Buffer> direct(String uri, String authorization) {
    return await(send(() -> withAuthorization(
        client.request(HttpMethod.GET, sandbox.port(), "127.0.0.1", uri), authorization).send()));
  }

  /** A GET through the gateway, not waited for. */
  Future<HttpResponse<Buffer>> startGet(String uri, String authorization) {
    return send(() -> withAuthorization(proxy(HttpMethod.GET, uri), authorization).send());
  }

  /** {@code n} identical GETs through the gateway started at once, in the order they were started. */
  List<HttpResponse<Buffer>> getConcurrently(int n, String uri, String authorization) {
    List<Future<HttpResponse<Buffer>>> started = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      started.add(startGet(uri, authorization));
    }
    await(Future.all(started));
    return started.stream().map(Future::result).toList();
  }

  /** A form POST through the gateway. */
  HttpResponse<Buffer> postForm(String uri, String authorization, MultiMap form) {
    return await(send(() -> withAuthorization(proxy(HttpMethod.POST, uri), authorization).sendForm(form)));
  }

  /** A request without a body through the gateway. */
  HttpResponse<Buffer> send(HttpMethod method, String uri, String authorization) {
    return await(send(() -> withAuthorization(proxy(method, uri), authorization).send()));
  }

  /** A request to the admin listener. */
  HttpResponse<Buffer> admin(HttpMethod method, String uri) {
    return await(send(() -> client.request(method, gateway.ports().admin(), "127.0.0.1", uri).send()));
  }

  /** A path segment, percent-encoded (a principal id holds '/' and ':'). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest<Buffer> proxy(HttpMethod method, String uri) {
    return client.request(method, gateway.ports().proxy(), "127.0.0.1", uri)
        .putHeader("Accept", "application/json");
  }

  private static HttpRequest<Buffer> withAuthorization(HttpRequest<Buffer> request, String authorization) {
    return authorization == null ? request : request.putHeader("Authorization", authorization);
  }

  /** Starts the request on this fixture's context, so the whole exchange runs on one event loop. */
  private <T> Future<T> send(Supplier<Future<T>> request) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> request.get().timeout(WAIT_SECONDS, TimeUnit.SECONDS).onComplete(result));
    return result.future();
  }

  /** Waits on the test thread, at most {@link #WAIT_SECONDS} and a bit. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS + 2, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the exchange failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer in " + (WAIT_SECONDS + 2) + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    client.close();
    gateway.close();
  }
}
