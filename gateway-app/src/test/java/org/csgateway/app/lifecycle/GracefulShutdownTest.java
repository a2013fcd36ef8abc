package org.csgateway.app.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.GoAway;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.csgateway.app.Clocks;
import org.csgateway.app.GatewayApplication;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7, shutdown: readiness turns 503 at once, the proxy keeps serving through the drain delay (HTTP/1.1 answers
 * then say {@code Connection: close}), then refuses new connections while the request in flight finishes with 200,
 * and HTTP/2 clients get a GOAWAY. The drain delay is a promise the test completes, so no test waits for time.
 */
@ExtendWith(VertxExtension.class)
class GracefulShutdownTest {
  private final Promise<Void> delayElapsed = Promise.promise();
  private final List<Duration> delaysAsked = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HeldUpstream upstream;
  private GatewayApplication gateway;
  private WebClient client;
  private WebClient admin;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    upstream = new HeldUpstream(vertx).start(0);
    gateway = new GatewayApplication(vertx, Clocks.system(), span -> {
      delaysAsked.add(span);
      return delayElapsed.future();
    });
    gateway.start(TestGateway.parse("""
        server: {host: 127.0.0.1, port: 0, instances: 2, h2c: true}
        admin: {host: 127.0.0.1, port: 0}
        upstream: {url: %s}
        auth: {enabled: false}
        versions: {enabled: false}
        rateLimit: {enabled: false}
        shutdown: {drainDelay: 7s, drainTimeout: 5s}
        """.formatted(upstream.url()))).await();
    client = WebClient.create(vertx);
    admin = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    delayElapsed.tryComplete();
    upstream.release();
    gateway.stop().await();
    client.close();
    admin.close();
    upstream.close();
  }

  @Test
  void should_finish_the_request_in_flight_and_refuse_new_connections_when_shut_down() {
    int proxy = gateway.ports().proxy();
    Future<HttpResponse<Buffer>> inFlight = client.get(proxy, "127.0.0.1", HeldUpstream.HELD_PATH).send();
    upstream.arrived().await();

    Future<Void> stopped = gateway.shutdown();

    HttpResponse<Buffer> readiness = admin.get(gateway.ports().admin(), "127.0.0.1", "/health/ready").send().await();
    assertThat(readiness.statusCode()).isEqualTo(503);
    assertThat(readiness.bodyAsJsonObject().getJsonObject("checks").getString("accepting")).isEqualTo("DOWN");
    assertThat(delaysAsked).containsExactly(Duration.ofSeconds(7));

    WebClient fresh = WebClient.create(vertx);
    try {
      HttpResponse<Buffer> duringDelay = fresh.get(proxy, "127.0.0.1", "/api/projects").send().await();
      assertThat(duringDelay.statusCode()).isEqualTo(200);
      assertThat(duringDelay.getHeader("Connection")).isEqualTo("close");
    } finally {
      fresh.close();
    }

    delayElapsed.complete();
    assertThat(connectionRefusedSoon(proxy)).as("new connections refused once the delay is over").isTrue();
    assertThat(inFlight.isComplete()).isFalse();

    upstream.release();
    HttpResponse<Buffer> finished = inFlight.await();
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.bodyAsJsonObject()).isEqualTo(new JsonObject().put("held", true));
    stopped.await();
  }

  @Test
  void should_send_http2_clients_a_goaway_and_finish_their_request_in_flight_when_shut_down() {
    HttpClient h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setDefaultHost("127.0.0.1").setDefaultPort(gateway.ports().proxy()));
    try {
      Promise<GoAway> goAway = Promise.promise();
      Future<Buffer> inFlight = h2.request(HttpMethod.GET, HeldUpstream.HELD_PATH).compose(request -> {
        request.connection().goAwayHandler(goAway::tryComplete);
        return request.send();
      }).compose(response -> {
        assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
      });
      upstream.arrived().await();

      Future<Void> stopped = gateway.shutdown();
      delayElapsed.complete();

      assertThat(goAway.future().await()).isNotNull();
      upstream.release();
      assertThat(inFlight.await().toJsonObject()).isEqualTo(new JsonObject().put("held", true));
      stopped.await();
    } finally {
      h2.close();
    }
  }

  /** Connects until a connection is refused: the listener closes asynchronously once the delay is over. */
  private boolean connectionRefusedSoon(int port) {
    NetClient net = vertx.createNetClient();
    try {
      for (int attempt = 0; attempt < 200; attempt++) {
        Future<Void> connected = net.connect(port, "127.0.0.1").compose(socket -> socket.close());
        try {
          connected.await();
        } catch (Exception refused) {
          return true;
        }
      }
      return false;
    } finally {
      net.close();
    }
  }
}
