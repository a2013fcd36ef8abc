package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.attack.AttackGateway.DEMO_HEADERS;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, slow clients, with a 400 ms {@code server.limits.requestTimeout}: a client dribbling its body a byte at a
 * time (Vert.x timers, no sleeping) gets 408 and a closed connection, while a normal request sent meanwhile is
 * answered; 2,000 idle connections do not stop other traffic.
 */
class SlowClientTest extends OneGatewayPerClass {
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(400);
  private static final long DRIBBLE_INTERVAL_MS = 100;
  /** ulimit -n is 20000 where this was written; each connection costs two descriptors in this one process. */
  private static final int IDLE_CONNECTIONS = 2_000;

  private Vertx vertx;
  private NetClient net;

  @Override
  protected String moreYaml() {
    return "server: {host: 127.0.0.1, port: 0, instances: 1, limits: {requestTimeout: 400ms, idleTimeout: 30s}}\n";
  }

  @BeforeEach
  void client(Vertx vertx) {
    this.vertx = vertx;
    net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
  }

  @AfterEach
  void closeClient() {
    AttackGateway.await(net.close());
  }

  @Test
  void should_answer_408_to_a_dribbled_body_and_serve_others_meanwhile() {
    Dribble dribble = dribble("PATCH /api/projects/1 HTTP/1.1\r\n" + DEMO_HEADERS + "Content-Type: application/json\r\n"
        + "Content-Length: 100\r\n\r\n", "{\"name\":\"" + "x".repeat(89) + "\"}");

    HttpResponse<Buffer> other = AttackGateway.await(gateway.send(HttpMethod.GET, "/api/projects?per_page=1"));
    String answer = AttackGateway.await(dribble.closed);

    assertThat(other.statusCode()).as("a normal caller is served while the slow one dribbles").isEqualTo(200);
    assertThat(answer).startsWith("HTTP/1.1 408 ").contains("{\"errors\":[\"The request was not received in time\"]}");
    assertThat(dribble.bytesWritten).as("cut off long before the body was complete").isLessThan(100);
    assertThat(gateway.sandbox().stats().routeRequests("PATCH /api/projects/{id}")).isZero();
  }

  @Test
  void should_keep_serving_others_while_a_client_dribbles_its_head() {
    Dribble dribble = dribble("", "GET /api/projects?per_page=1 HTTP/1.1\r\n" + DEMO_HEADERS + "X-Slow: 1\r\n\r\n");

    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> other = AttackGateway.await(gateway.send(HttpMethod.GET, "/api/projects?per_page=1"));
      assertThat(other.statusCode()).isEqualTo(200);
    }
    dribble.socket.close();
  }

  /**
   * Vert.x 5.0 reads a request head with no time limit of its own, and each dribbled byte resets the idle timeout,
   * so a head sent a byte at a time would hold its connection for as long as the client likes (slowloris). The
   * gateway's head timer (with h2c off, the default) answers 408 once the head has taken the request timeout.
   */
  @Test
  void should_answer_408_when_the_head_is_dribbled_past_the_request_timeout() {
    String head = "GET /api/projects?per_page=1 HTTP/1.1\r\n" + DEMO_HEADERS + "X-Slow: 1\r\n\r\n";
    Dribble dribble = dribble("", head);

    String answer = AttackGateway.await(dribble.closed);

    assertThat(answer).startsWith("HTTP/1.1 408 ").contains("{\"errors\":[\"The request was not received in time\"]}");
    assertThat(dribble.bytesWritten).as("cut off long before the head was complete").isLessThan(head.length());
    assertThat(gateway.forwarded()).isEmpty();
  }

  @Test
  void should_not_count_the_idle_time_before_a_head_when_a_keep_alive_client_sends_its_next_request() {
    String request = "GET /api/projects?per_page=1 HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n";
    NetSocket socket = AttackGateway.await(net.connect(gateway.port(), "127.0.0.1"));
    Buffer received = Buffer.buffer();
    Promise<Void> twoAnswers = Promise.promise();
    socket.handler(chunk -> {
      received.appendBuffer(chunk);
      if (received.toString(StandardCharsets.ISO_8859_1).split("HTTP/1.1 200 ", -1).length == 3) {
        twoAnswers.tryComplete();
      }
    });
    socket.closeHandler(v -> twoAnswers.tryFail("closed after: " + received));
    socket.write(request);
    // the second request comes after an idle pause longer than the request timeout, then whole and at once
    vertx.setTimer(REQUEST_TIMEOUT.toMillis() * 2, id -> socket.write(request));

    AttackGateway.await(twoAnswers.future());
    socket.close();
  }

  @Test
  void should_serve_requests_while_two_thousand_idle_connections_are_open() {
    List<NetSocket> idle = new ArrayList<>(IDLE_CONNECTIONS);
    try {
      List<Future<NetSocket>> connecting = new ArrayList<>();
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        connecting.add(net.connect(gateway.port(), "127.0.0.1"));
      }
      for (Future<NetSocket> connection : connecting) {
        idle.add(AttackGateway.await(connection));
      }

      long start = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        assertThat(gateway.get("/api/projects?per_page=1").statusCode()).isEqualTo(200);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ten requests among the idle crowd")
          .isLessThan(Duration.ofSeconds(5));
    } finally {
      idle.forEach(NetSocket::close);
    }
  }

  /** Writes {@code head} at once, then {@code rest} one byte per interval, until done or the server closes. */
  private Dribble dribble(String head, String rest) {
    NetSocket socket = AttackGateway.await(net.connect(gateway.port(), "127.0.0.1"));
    Dribble dribble = new Dribble(socket);
    byte[] bytes = rest.getBytes(StandardCharsets.ISO_8859_1);
    Buffer received = Buffer.buffer();
    Promise<String> closed = Promise.promise();
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> closed.tryComplete(received.toString(StandardCharsets.ISO_8859_1)));
    dribble.closed = closed.future();
    if (!head.isEmpty()) {
      socket.write(head);
    }
    long[] timer = new long[1];
    timer[0] = vertx.setPeriodic(DRIBBLE_INTERVAL_MS, id -> {
      if (closed.future().isComplete() || dribble.bytesWritten == bytes.length) {
        vertx.cancelTimer(timer[0]);
        return;
      }
      socket.write(Buffer.buffer(new byte[] {bytes[dribble.bytesWritten++]}));
    });
    return dribble;
  }

  private static final class Dribble {
    final NetSocket socket;
    volatile int bytesWritten;
    Future<String> closed;

    Dribble(NetSocket socket) {
      this.socket = socket;
    }
  }
}
