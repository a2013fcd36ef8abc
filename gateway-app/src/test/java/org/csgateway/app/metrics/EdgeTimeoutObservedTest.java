package org.csgateway.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.csgateway.app.logging.AccessLog;
import org.csgateway.app.metrics.PrometheusText.Sample;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * README, "Metrics and logs": every request, "including those refused at the edge, timed out or left by the client",
 * writes one access-log line and counts in {@code csgateway_requests_total}; here the ones that end before any request
 * object exists: an HTTP/1.1 head that does not arrive whole within {@code server.limits.requestTimeout} (answered
 * 408 under the HTTP codec), and an HTTP/2 request whose body or end the body probe waits for in vain (408) or that
 * its client resets meanwhile (499). The timeout is a short 200 ms, as the slow-client tests configure it.
 */
@ExtendWith(VertxExtension.class)
class EdgeTimeoutObservedTest {
  private static final String YAML = """
      server: {host: 127.0.0.1, port: 0, instances: 1, h2c: %s, limits: {requestTimeout: 200ms}}
      admin: {host: 127.0.0.1, port: 0}
      sandbox: {enabled: true}
      """;
  private static final Logger ACCESS = Logger.getLogger(AccessLog.LOGGER);

  private final List<JsonObject> lines = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(new JsonObject(record.getMessage()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level levelBefore;
  private Vertx vertx;
  private NetClient net;
  private HttpClient h2;
  private TestGateway gateway;

  @BeforeEach
  void capture(Vertx vertx) {
    this.vertx = vertx;
    net = vertx.createNetClient();
    levelBefore = ACCESS.getLevel();
    ACCESS.setLevel(Level.INFO); // the suite's logging.properties turns it off
    ACCESS.addHandler(capture);
  }

  @AfterEach
  void release() {
    ACCESS.removeHandler(capture);
    ACCESS.setLevel(levelBefore);
    net.close();
    if (h2 != null) {
      h2.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void should_log_and_count_a_408_with_route_none_when_a_request_head_does_not_arrive_in_time() throws Exception {
    gateway = TestGateway.start(vertx, YAML.formatted(false));
    double before = requests("method=GET", "status=4xx");
    NetSocket socket = net.connect(gateway.ports().proxy(), "127.0.0.1").await();
    Buffer received = Buffer.buffer();
    Promise<String> closed = Promise.promise();
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> closed.tryComplete(received.toString(StandardCharsets.ISO_8859_1)));
    socket.write("GET /api/projects HTTP/1.1\r\nHost: localhost\r\n").await(); // no blank line: the head never ends

    String answer = closed.future().await(10, TimeUnit.SECONDS);
    assertThat(answer).startsWith("HTTP/1.1 408 ");
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);

    JsonObject line = awaitObserved("GET", 408, "timed_out");
    assertThat(requests("method=GET", "status=4xx")).isEqualTo(before + 1);
    assertThat(lines).as("one line, not a 400 for the partial head as well").hasSize(1);
    assertThat(line.getString("path")).isEmpty();
    assertThat(line.getString("client")).isEqualTo("127.0.0.1");
    assertThat(line.getString("principal")).isNull();
    assertThat(line.getValue("upstreamMs")).isNull();
    assertThat(line.getDouble("durationMs")).isGreaterThan(100.0);
    assertThat(line.getLong("bytesOut")).isEqualTo((long) body.getBytes(StandardCharsets.ISO_8859_1).length);
    assertThat(line.getString("requestId")).matches("[0-9a-f]{32}");
  }

  @Test
  void should_log_and_count_a_499_and_answer_nothing_when_the_client_closes_in_the_middle_of_a_head()
      throws Exception {
    gateway = TestGateway.start(vertx, YAML.formatted(false));
    double before = requests("method=DELETE", "status=4xx");
    NetSocket socket = net.connect(gateway.ports().proxy(), "127.0.0.1").await();
    socket.write("DELETE /api/projects/1 HTTP/1.1\r\nHost: localhost\r\n").await();
    socket.close().await();

    JsonObject line = awaitObserved("DELETE", 499, "client_closed");
    assertThat(line.getLong("bytesOut")).isZero();
    assertThat(requests("method=DELETE", "status=4xx")).isEqualTo(before + 1);
    assertThat(lines).hasSize(1);
  }

  @Test
  void should_log_and_count_a_408_with_route_none_when_an_http2_request_sends_neither_body_nor_end_in_time()
      throws Exception {
    gateway = TestGateway.start(vertx, YAML.formatted(true));
    double before = requests("method=POST", "status=4xx");
    HttpClientRequest request = stalledHttp2Request(HttpMethod.POST, "/api/projects");

    assertThat(request.response().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(408);
    awaitObserved("POST", 408, "timed_out");
    assertThat(requests("method=POST", "status=4xx")).isEqualTo(before + 1);
  }

  @Test
  void should_log_and_count_a_499_when_an_http2_client_resets_its_request_while_the_body_is_awaited()
      throws Exception {
    gateway = TestGateway.start(vertx, YAML.formatted(true));
    double before = requests("method=PUT", "status=4xx");
    stalledHttp2Request(HttpMethod.PUT, "/api/projects/1").reset().await();

    awaitObserved("PUT", 499, "client_closed");
    assertThat(requests("method=PUT", "status=4xx")).isEqualTo(before + 1);
  }

  /** An HTTP/2 request (prior knowledge, cleartext) whose stream stays open after its headers: no data, no end. */
  private HttpClientRequest stalledHttp2Request(HttpMethod method, String uri) {
    h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setDefaultHost("127.0.0.1").setDefaultPort(gateway.ports().proxy()));
    HttpClientRequest request = h2.request(method, uri).await();
    request.sendHead().await();
    return request;
  }

  /** The access-log line of this method, checked to be of route none with this status and outcome. */
  private JsonObject awaitObserved(String method, int status, String outcome) {
    JsonObject line = awaitLine(l -> method.equals(l.getString("method")));
    assertThat(line.getString("route")).isEqualTo("none");
    assertThat(line.getInteger("status")).isEqualTo(status);
    assertThat(line.getString("outcome")).isEqualTo(outcome);
    return line;
  }

  /** {@code csgateway_requests_total} of route {@code none} with these labels too. */
  private double requests(String... labels) throws Exception {
    Predicate<Sample> matches = s -> s.name().equals("csgateway_requests_total") && s.has("route=none");
    for (String label : labels) {
      matches = matches.and(s -> s.has(label));
    }
    String text = gateway.admin().get("/metrics").send().await().bodyAsString();
    return PrometheusText.parse(text).stream().filter(matches).mapToDouble(Sample::value).sum();
  }

  /** The first access-log line that matches, polled every 10 ms for up to 10 s (it is written as the answer ends). */
  private JsonObject awaitLine(Predicate<JsonObject> predicate) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      for (JsonObject line : lines) {
        if (predicate.test(line)) {
          return line;
        }
      }
      assertThat(System.nanoTime()).as("an access-log line matching; seen " + lines).isLessThan(deadline);
      vertx.timer(10).await();
    }
  }
}
