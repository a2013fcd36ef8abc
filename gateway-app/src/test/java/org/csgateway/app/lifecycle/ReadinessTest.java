package org.csgateway.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.csgateway.app.Clocks;
import org.csgateway.app.GatewayApplication;
import org.csgateway.app.Readiness;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7, health: ready only once the configuration is loaded and the listeners are bound, and, when required,
 * only while the upstream accepts connections and Redis answers; {@code /health/ready} lists every check. The checks
 * run every 20 ms here and the test waits on readiness's own change notifications, not on time.
 */
@ExtendWith(VertxExtension.class)
class ReadinessTest {
  private Vertx vertx;
  private WebClient admin;
  private GatewayApplication gateway;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    admin = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    admin.close();
    if (gateway != null) {
      gateway.stop().await();
    }
  }

  private HttpResponse<Buffer> ready() {
    return admin.get(gateway.ports().admin(), "127.0.0.1", "/health/ready").send().await();
  }

  private static String yaml(String upstream, String extra) {
    return """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        upstream: {url: %s}
        auth: {enabled: false}
        versions: {enabled: false}
        """.formatted(upstream) + extra;
  }

  /** Completes when readiness changes to the wanted state (or is in it already). */
  private static void awaitReady(Readiness readiness, boolean wanted) {
    Promise<Void> reached = Promise.promise();
    readiness.onChange(() -> {
      if (readiness.isReady() == wanted) {
        reached.tryComplete();
      }
    });
    if (readiness.isReady() == wanted) {
      reached.tryComplete();
    }
    reached.future().await();
  }

  @Test
  void should_be_ready_only_once_started_and_list_every_check() {
    gateway = new GatewayApplication(vertx);
    assertThat(gateway.readiness().isReady()).isFalse();
    assertThat(gateway.readiness().checks()).containsEntry(Readiness.CONFIG, false)
        .containsEntry(Readiness.LISTENERS, false);

    gateway.start(TestGateway.parse(yaml("http://127.0.0.1:9", "rateLimit: {enabled: false}\n"))).await();

    HttpResponse<Buffer> ready = ready();
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP").put("checks",
        new JsonObject().put("accepting", "UP").put("config", "UP").put("listeners", "UP")));
  }

  @Test
  void should_be_ready_only_while_the_required_upstream_accepts_connections() {
    HeldUpstream upstream = new HeldUpstream(vertx).start(0);
    int port = upstream.port();
    gateway = new GatewayApplication(vertx);
    gateway.start(TestGateway.parse(yaml(upstream.url(), """
        rateLimit: {enabled: false}
        health: {requireUpstream: true, checkInterval: 20ms}
        """))).await();
    assertThat(ready().bodyAsJsonObject().getJsonObject("checks").getString("upstream")).isEqualTo("UP");

    upstream.close();
    awaitReady(gateway.readiness(), false);
    HttpResponse<Buffer> down = ready();
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
    assertThat(down.bodyAsJsonObject().getJsonObject("checks").getString("upstream")).isEqualTo("DOWN");

    HeldUpstream back = new HeldUpstream(vertx).start(port);
    try {
      awaitReady(gateway.readiness(), true);
      assertThat(ready().statusCode()).isEqualTo(200);
    } finally {
      back.close();
    }
  }

  @Test
  void should_not_be_ready_while_the_required_redis_does_not_answer() {
    gateway = new GatewayApplication(vertx);
    gateway.start(TestGateway.parse(yaml("http://127.0.0.1:9", """
        auth: {enabled: true, basic: {hmacSecret: a-secret-of-16-chars-or-more}}
        rateLimit: {store: redis, redis: {url: "redis://127.0.0.1:1"}}
        health: {requireRedis: true, checkInterval: 50ms}
        """).replace("auth: {enabled: false}\n", ""))).await();

    HttpResponse<Buffer> down = ready();
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getJsonObject("checks").getString("redis")).isEqualTo("DOWN");
    assertThat(down.bodyAsJsonObject().getJsonObject("checks").getString("listeners")).isEqualTo("UP");
  }

  @Test
  void should_turn_not_ready_at_once_when_shutdown_starts() {
    gateway = new GatewayApplication(vertx, Clocks.system(), span -> Promise.<Void>promise()
        .future());
    gateway.start(TestGateway.parse(yaml("http://127.0.0.1:9", "rateLimit: {enabled: false}\n"))).await();
    assertThat(ready().statusCode()).isEqualTo(200);

    gateway.shutdown();

    HttpResponse<Buffer> draining = ready();
    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(draining.bodyAsJsonObject().getJsonObject("checks").getString("accepting")).isEqualTo("DOWN");
  }
}
