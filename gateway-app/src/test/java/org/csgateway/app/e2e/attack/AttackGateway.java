package org.csgateway.app.e2e.attack;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.csgateway.app.sandbox.RecordedRequest;
import org.csgateway.app.sandbox.Sandbox;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.app.testing.TransportUnderTest;

/**
 * One real gateway in front of its own sandbox for an attack test, with a client kept for the test's life and
 * bounded waits: every answer is awaited at most {@link #BOUND}, so a hang fails the test instead of stalling it.
 */
final class AttackGateway implements AutoCloseable {
  /** How long any single answer may take before the test calls it a hang. */
  static final Duration BOUND = Duration.ofSeconds(10);
  static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
      (SandboxIdentities.DEMO_API_KEY + ":" + SandboxIdentities.DEMO_API_SECRET).getBytes(StandardCharsets.UTF_8));
  /** The Host and Authorization lines of a raw request from the demo user. */
  static final String DEMO_HEADERS = "Host: gw\r\nAuthorization: " + BASIC + "\r\n";

  private final TestGateway gateway;
  private final Vertx gatewayVertx;
  private final Vertx testVertx;
  private final WebClient client;

  private AttackGateway(Vertx testVertx, Vertx gatewayVertx, TestGateway gateway) {
    this.gateway = gateway;
    this.gatewayVertx = gatewayVertx;
    this.testVertx = testVertx;
    this.client = WebClient.create(testVertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(gateway.ports().proxy()).setFollowRedirects(false).setKeepAlive(false));
  }

  /**
   * A gateway on loopback with one event loop and its sandbox as the upstream, plus these YAML lines; a
   * {@code server:} or {@code sandbox:} section in them replaces the default one. It runs on the transport the test
   * run names ({@link TransportUnderTest}), in a Vert.x of its own then, so that the build repeats every attack on
   * the transport {@code server.transport: auto} takes in production.
   */
  static AttackGateway start(Vertx vertx, String moreYaml) {
    String yaml = (moreYaml.contains("server:") ? "" : "server: {host: 127.0.0.1, port: 0, instances: 1}\n")
        + (moreYaml.contains("sandbox:") ? "" : "sandbox: {enabled: true}\n")
        + "admin: {host: 127.0.0.1, port: 0}\n" + moreYaml;
    Vertx gatewayVertx = TransportUnderTest.vertxFor(vertx);
    return new AttackGateway(vertx, gatewayVertx, TestGateway.start(gatewayVertx, yaml));
  }

  TestGateway gateway() {
    return gateway;
  }

  Sandbox sandbox() {
    return gateway.sandbox();
  }

  int port() {
    return gateway.ports().proxy();
  }

  /** A request from the demo user (Basic), started now. */
  Future<HttpResponse<Buffer>> send(HttpMethod method, String uri) {
    return client.request(method, uri).putHeader("Authorization", BASIC).send();
  }

  /** A GET from the demo user, awaited within the bound. */
  HttpResponse<Buffer> get(String uri) {
    return await(send(HttpMethod.GET, uri));
  }

  /** What reached the sandbox since it was last cleared. */
  List<RecordedRequest> forwarded() {
    return sandbox().recentRequests();
  }

  /** A well-formed GET on a fresh connection, to show the gateway still serves after an attack. */
  RawExchange freshRequest() {
    return RawExchange.send(port(), "GET /api/projects?per_page=1 HTTP/1.1\r\n" + DEMO_HEADERS
        + "Connection: close\r\n\r\n", BOUND);
  }

  static <T> T await(Future<T> future) {
    return await(future, BOUND);
  }

  static <T> T await(Future<T> future, Duration bound) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + bound);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    client.close();
    gateway.close();
    if (gatewayVertx != testVertx) {
      gatewayVertx.close().await();
    }
  }
}
