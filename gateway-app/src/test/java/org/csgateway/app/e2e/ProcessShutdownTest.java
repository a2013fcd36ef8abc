package org.csgateway.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.csgateway.app.e2e.soak.GatewayProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, shutdown, as production sees it: a SIGTERM to the gateway's own JVM ({@link GatewayProcess}, started as
 * the image starts it). Readiness turns 503 while a request is in flight, the listener stops accepting, the request
 * held by the upstream still finishes with its whole body once the upstream answers, and only then does the process
 * exit, with code 0. The upstream is a server in this JVM that sends the first half of its answer at once and the
 * rest only when the test releases it, so the request is in flight for exactly as long as the test wants.
 */
@ExtendWith(VertxExtension.class)
class ProcessShutdownTest {
  private static final String HELD_PATH = "/api/projects/held";
  private static final String FIRST_HALF = "{\"id\":1,\"name\":\"" + "a".repeat(32 * 1024);
  private static final String SECOND_HALF = "b".repeat(32 * 1024) + "\"}";
  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private final Promise<Void> arrived = Promise.promise();
  private final Promise<Void> release = Promise.promise();
  private Vertx vertx;
  private HttpServer upstream;
  private GatewayProcess gateway;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    upstream = vertx.createHttpServer().requestHandler(request -> {
      if (!request.path().equals(HELD_PATH)) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().setChunked(true).putHeader("Content-Type", "application/json").write(FIRST_HALF);
      arrived.tryComplete();
      release.future().onComplete(released -> request.response().end(SECOND_HALF));
    }).listen(0, "127.0.0.1").await();
    Path config = Files.writeString(dir.resolve("gateway.yaml"), """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        upstream: {url: "http://127.0.0.1:%d"}
        auth: {enabled: false}
        versions: {enabled: false}
        rateLimit: {enabled: false}
        cache: {enabled: false}
        shutdown: {drainDelay: 0s, drainTimeout: 30s}
        """.formatted(upstream.actualPort()));
    gateway = GatewayProcess.start(config, Duration.ofSeconds(120));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    release.tryComplete();
    if (client != null) {
      client.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    upstream.close().await();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void should_finish_the_request_in_flight_and_exit_0_when_the_process_gets_sigterm() throws Exception {
    GatewayProcess.Ports ports = gateway.ports();
    Future<HttpResponse<Buffer>> inFlight = client.get(ports.proxy(), "127.0.0.1", HELD_PATH).send();
    arrived.future().await(BOUND.toMillis(), TimeUnit.MILLISECONDS);

    gateway.terminate();

    awaitCondition("readiness 503", () -> readinessStatus(ports.admin()) == 503);
    HttpResponse<Buffer> readiness = client.get(ports.admin(), "127.0.0.1", "/health/ready").send().await();
    assertThat(readiness.bodyAsJsonObject().getJsonObject("checks").getString("accepting")).isEqualTo("DOWN");
    awaitCondition("new connections refused", () -> connectionRefused(ports.proxy()));
    assertThat(inFlight.isComplete()).as("the held request is still in flight").isFalse();
    assertThat(gateway.isAlive()).as("the gateway waits for the request in flight").isTrue();

    release.complete();
    HttpResponse<Buffer> finished = inFlight.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.bodyAsString()).isEqualTo(FIRST_HALF + SECOND_HALF);
    assertThat(gateway.awaitExit(BOUND)).as(gateway.describeOutput()).isZero();
  }

  private int readinessStatus(int adminPort) {
    try {
      return client.get(adminPort, "127.0.0.1", "/health/ready").send().await().statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private boolean connectionRefused(int port) {
    NetClient net = vertx.createNetClient();
    try {
      net.connect(port, "127.0.0.1").compose(socket -> socket.close()).await();
      return false;
    } catch (Exception refused) {
      return true;
    } finally {
      net.close();
    }
  }

  /** Polls the condition every 20 ms until it holds, failing after the bound. */
  private void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + BOUND + "\n" + gateway.describeOutput())
          .isLessThan(deadline);
      vertx.timer(20).await();
    }
  }
}
