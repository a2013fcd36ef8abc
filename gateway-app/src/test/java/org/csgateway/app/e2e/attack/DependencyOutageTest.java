package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.csgateway.app.sandbox.SandboxFault;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.core.ratelimit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, the gateway's own dependencies failing: an authorization server that is not there (introspection aimed
 * at a closed port), one that flaps, a rate-limit Redis killed and restarted, and both at once. Every request is
 * answered within a bound, with the configured fail mode: tokens 503 while they cannot be checked (fail closed),
 * rate limits on the local fallback while Redis is away ({@code onUnavailable: local}), and normal service as soon
 * as each dependency is back. The outages themselves (killed, paused Redis; 5xx, reset, garbage, slow token info)
 * are covered one by one in e2e/ratelimit and e2e/auth; here they come and go under traffic.
 */
@ExtendWith(VertxExtension.class)
class DependencyOutageTest {
  /**
   * Every fault here is immediate (a refused connection, a reset), so auth.timeout is 2 s: a healthy token check on
   * a loaded 2-core machine must not time out into a 503 that the test would take for the outage.
   */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(3);
  private static final String TOKEN_INFO = "/api/oauth/token/info";

  private Vertx vertx;
  private WebClient client;
  private AttackGateway gateway;
  private RedisServer redis;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void should_answer_503_in_time_when_the_introspection_server_is_not_there() throws IOException {
    try (RefusedPort closed = new RefusedPort()) {
      startGateway("auth: {strategy: introspection, timeout: 2s, introspection: {url: \"http://127.0.0.1:"
          + closed.port() + "/introspect\", clientId: demo-client, clientSecret: demo-client-secret}}\n");

      List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        burst.add(bearerGet(freshToken()));
      }
      for (Future<HttpResponse<Buffer>> reply : burst) {
        HttpResponse<Buffer> response = AttackGateway.await(reply, ANSWER_BOUND);
        assertThat(response.statusCode()).as("fail closed").isEqualTo(503);
        assertThat(response.bodyAsJsonObject().getJsonArray("errors")).hasSize(1);
      }
    }
    assertThat(gateway.sandbox().stats().routeRequests("GET /api/projects")).as("never forwarded").isZero();
  }

  @Test
  void should_fail_closed_while_the_authorization_server_flaps_and_recover_at_once() {
    startGateway("auth: {timeout: 2s}\n");

    int refused = 0;
    for (int round = 0; round < 6; round++) {
      boolean down = round % 2 == 0;
      if (down) {
        gateway.sandbox().faults().add(SandboxFault.resetBeforeResponse().onPath(TOKEN_INFO));
      } else {
        gateway.sandbox().faults().clear();
      }
      HttpResponse<Buffer> response = AttackGateway.await(bearerGet(freshToken()), ANSWER_BOUND);
      assertThat(response.statusCode()).as("round %d, authorization server %s", round, down ? "down" : "up")
          .isEqualTo(down ? 503 : 200);
      refused += response.statusCode() == 503 ? 1 : 0;
    }
    assertThat(refused).isEqualTo(3);
  }

  @Test
  void should_fall_back_to_local_limits_while_redis_flaps_and_the_authorization_server_fails_too() {
    assumeTrue(RedisServer.installed(), "redis-server is not installed");
    redis = RedisServer.start();
    int port = redis.port();
    startGateway("auth: {timeout: 2s, basic: {hmacSecret: \"one-secret-for-every-instance\"}}\n"
        + "rateLimit:\n  store: redis\n"
        + "  redis: {url: \"" + redis.url() + "\", commandTimeout: 300ms, retryInterval: 200ms, onUnavailable: local}\n"
        + "  policies:\n    - {name: caller, rate: 1000, period: 1h, key: principal}\n");
    String token = freshToken();

    assertAllServed(token, "Redis up");
    redis.kill();
    assertAllServed(token, "Redis killed: local fallback");
    gateway.sandbox().faults().add(SandboxFault.resetBeforeResponse().onPath(TOKEN_INFO));
    HttpResponse<Buffer> fresh = AttackGateway.await(bearerGet(freshToken()), ANSWER_BOUND);
    assertThat(fresh.statusCode()).as("a new token cannot be checked: fail closed").isEqualTo(503);
    assertAllServed(token, "Redis killed, authorization server down: the checked token is still valid");
    gateway.sandbox().faults().clear();
    redis = RedisServer.start(port);
    assertAllServed(token, "Redis back on the same port");
    assertAllServed(freshToken(), "both back");
  }

  /** Eight concurrent requests with this token, each answered 200 within the bound. */
  private void assertAllServed(String token, String phase) {
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      burst.add(bearerGet(token));
    }
    for (Future<HttpResponse<Buffer>> reply : burst) {
      HttpResponse<Buffer> response = AttackGateway.await(reply, ANSWER_BOUND);
      assertThat(response.statusCode()).as(phase).isEqualTo(200);
    }
  }

  private void startGateway(String moreYaml) {
    gateway = AttackGateway.start(vertx, moreYaml);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(gateway.port()));
  }

  private String freshToken() {
    return gateway.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
  }

  private Future<HttpResponse<Buffer>> bearerGet(String token) {
    return client.get("/api/projects?per_page=1").bearerTokenAuthentication(token).send();
  }
}
