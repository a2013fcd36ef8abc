package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server's own refusals, through real sockets: each with its status, an errors body and a closed connection. */
@ExtendWith(VertxExtension.class)
class EdgeLimitsTest {
  /**
   * A request timeout far above what a request takes even on a loaded machine (the body is read only as fast as it
   * is forwarded, so connecting to the upstream counts against it), except in the test of a stalling client.
   */
  private static final ServerLimits LIMITS =
      new ServerLimits(200, 2000, 1000, Duration.ofSeconds(20), Duration.ofSeconds(30));
  private static final Duration SHORT_REQUEST_TIMEOUT = Duration.ofMillis(300);

  private final AtomicInteger completeUploads = new AtomicInteger();
  private TestGateway gateway;
  private RawHttp raw;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = start(vertx, LIMITS);
    raw = new RawHttp(vertx);
  }

  private TestGateway start(Vertx vertx, ServerLimits limits) {
    return TestGateway.builder(vertx)
        .limits(limits)
        .upstream(request -> request.end().onSuccess(done -> {
          completeUploads.incrementAndGet();
          request.response().end("uploaded");
        }))
        .start();
  }

  @Test
  void should_answer_414_when_the_uri_is_over_the_limit() {
    RawHttp.Response response = raw.send(gateway.port(), get("/api/" + "a".repeat(250)));

    assertError(response, 414, "The request URI is longer than 200 characters");
  }

  @Test
  void should_answer_414_when_the_request_line_is_beyond_what_the_codec_reads() {
    RawHttp.Response response = raw.send(gateway.port(), get("/api/" + "a".repeat(5000)));

    assertError(response, 414, "The request URI is longer than 200 characters");
  }

  @Test
  void should_answer_431_when_the_header_section_is_over_the_limit() {
    RawHttp.Response response = raw.send(gateway.port(),
        "GET /api/projects HTTP/1.1\r\nHost: gw\r\nX-Big: " + "b".repeat(2100) + "\r\n\r\n");

    assertError(response, 431, "The request header section is larger than 2000 bytes");
  }

  @Test
  void should_answer_431_when_the_header_section_is_beyond_what_the_codec_reads() {
    RawHttp.Response response = raw.send(gateway.port(),
        "GET /api/projects HTTP/1.1\r\nHost: gw\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");

    assertError(response, 431, "The request header section is larger than 2000 bytes");
  }

  @Test
  void should_answer_413_up_front_when_the_content_length_is_over_the_limit() {
    RawHttp.Response response = raw.send(gateway.port(),
        "POST /api/projects HTTP/1.1\r\nHost: gw\r\nContent-Length: 1001\r\n\r\n");

    assertError(response, 413, "The request body is larger than 1000 bytes");
    assertThat(completeUploads).hasValue(0);
  }

  @Test
  void should_answer_413_when_a_chunked_body_grows_past_the_limit() {
    String chunk = "258\r\n" + "c".repeat(600) + "\r\n";
    RawHttp.Response response = raw.send(gateway.port(),
        "POST /api/projects HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk);

    assertError(response, 413, "The request body is larger than 1000 bytes");
    assertThat(completeUploads).hasValue(0);
  }

  @Test
  void should_answer_408_when_the_client_stalls_while_sending_its_body(Vertx vertx) {
    TestGateway impatient = start(vertx, new ServerLimits(LIMITS.maxUriLength(), LIMITS.maxHeaderBytes(),
        LIMITS.maxBodyBytes(), SHORT_REQUEST_TIMEOUT, LIMITS.idleTimeout()));

    RawHttp.Response response = raw.send(impatient.port(),
        "POST /api/projects HTTP/1.1\r\nHost: gw\r\nContent-Length: 500\r\n\r\n" + "d".repeat(100));

    assertError(response, 408, "The request was not received in time");
    assertThat(completeUploads).hasValue(0);
  }

  @Test
  void should_forward_a_body_within_the_limits() {
    RawHttp.Response response = raw.send(gateway.port(),
        "POST /api/projects HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nContent-Length: 1000\r\n\r\n"
            + "e".repeat(1000));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("uploaded");
    assertThat(completeUploads).hasValue(1);
  }

  private static String get(String uri) {
    return "GET " + uri + " HTTP/1.1\r\nHost: gw\r\n\r\n";
  }

  private static void assertError(RawHttp.Response response, int status, String message) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("content-type")).startsWith("application/json");
    assertThat(new JsonObject(response.body()).getJsonArray("errors").getList()).containsExactly(message);
  }
}
