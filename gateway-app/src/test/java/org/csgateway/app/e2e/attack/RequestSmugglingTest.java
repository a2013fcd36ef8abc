package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.attack.AttackGateway.DEMO_HEADERS;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.stream.Stream;
import org.csgateway.app.sandbox.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, request smuggling: requests whose framing two HTTP parsers could read differently, written byte for byte
 * on a raw socket, each followed by a second request that would reach the upstream only if the gateway read the
 * first one's end somewhere else than where it refused it. Each is refused with 400 and an errors body, the
 * connection closed, nothing reaches the sandbox, and a well-formed request on a fresh connection still works.
 * With h2c on (not the default) one of them is handled otherwise: see {@link CleartextHttp2EdgeTest}.
 */
class RequestSmugglingTest extends OneGatewayPerClass {
  /** Longer than the gateway needs to refuse and close; a connection left open this long fails the test. */
  private static final Duration QUIET = Duration.ofSeconds(5);
  private static final String SMUGGLED = "GET /api/projects?smuggled=1 HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n";
  /** A routed write, so the gateway reads and forwards its body. */
  private static final String POST = "PATCH /api/projects/1 HTTP/1.1\r\n" + DEMO_HEADERS;

  private static final String PATCH_ROUTE = "PATCH /api/projects/{id}";

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("two differing Content-Lengths",
            POST + "Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello"),
        Arguments.of("two equal Content-Lengths", POST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
        Arguments.of("a Content-Length list", POST + "Content-Length: 5, 5\r\n\r\nhello"),
        Arguments.of("a signed Content-Length", POST + "Content-Length: +5\r\n\r\nhello"),
        Arguments.of("a Content-Length folded onto a second line", POST + "Content-Length: 0\r\n 5\r\n\r\nhello"),
        Arguments.of("bare LF line ends", "GET /api/projects HTTP/1.1\n" + DEMO_HEADERS.replace("\r\n", "\n") + "\n"),
        Arguments.of("a bare LF inside the head", "GET /api/projects HTTP/1.1\r\nHost: gw\nX-A: b\r\n\r\n"),
        Arguments.of("a bare CR inside the head", "GET /api/projects HTTP/1.1\r\nHost: gw\rX-A: b\r\n\r\n"),
        Arguments.of("a header name with a space",
            "GET /api/projects HTTP/1.1\r\n" + DEMO_HEADERS + "X Bad: 1\r\n\r\n"),
        Arguments.of("Content-Length with Transfer-Encoding",
            POST + "Content-Length: 60\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        Arguments.of("a space before the colon",
            POST + "Transfer-Encoding : chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n"),
        Arguments.of("a NUL in a header value",
            "GET /api/projects HTTP/1.1\r\n" + DEMO_HEADERS + "X-A: a\u0000b\r\n\r\n"),
        Arguments.of("a NUL in a header name",
            "GET /api/projects HTTP/1.1\r\n" + DEMO_HEADERS + "X-\u0000A: b\r\n\r\n"),
        Arguments.of("a tab in the request target", "GET /api/sys\ttem/events HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n"),
        Arguments.of("two request targets", "GET /api/projects /api/system HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n"),
        Arguments.of("chunked then another coding", POST + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
        Arguments.of("another coding then chunked", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
        Arguments.of("an unknown coding", POST + "Transfer-Encoding: xchunked\r\n\r\n"),
        Arguments.of("identity with a Content-Length",
            POST + "Transfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello"),
        Arguments.of("two Transfer-Encoding headers",
            POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n"),
        Arguments.of("Transfer-Encoding on HTTP/1.0",
            "POST /api/projects HTTP/1.0\r\n" + DEMO_HEADERS + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        Arguments.of("no Host on HTTP/1.1",
            "GET /api/projects HTTP/1.1\r\nAuthorization: " + AttackGateway.BASIC + "\r\n\r\n"),
        Arguments.of("two Host headers", "GET /api/projects HTTP/1.1\r\n" + DEMO_HEADERS + "Host: other\r\n\r\n"),
        Arguments.of("a fragment in the request target",
            "GET /api/system#/events HTTP/1.1\r\n" + DEMO_HEADERS + "\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void should_refuse_with_400_close_and_forward_nothing_when_the_framing_is_ambiguous(String name, String request) {
    RawExchange exchange = RawExchange.send(gateway.port(), request + SMUGGLED, QUIET);

    assertThat(exchange.statuses()).as("one answer, 400, and no answer to the smuggled request").containsExactly(400);
    assertThat(exchange.closed()).as("the connection is closed after the refusal").isTrue();
    assertThat(new JsonObject(exchange.firstBody()).getJsonArray("errors")).hasSize(1);
    assertThat(gateway.forwarded()).as("nothing reached the upstream").isEmpty();
    assertThat(gateway.freshRequest().statuses()).as("a new connection is served").containsExactly(200);
  }

  static Stream<Arguments> badChunks() {
    return Stream.of(
        Arguments.of("a chunk size that is not hex", "zz\r\nhello\r\n0\r\n\r\n"),
        Arguments.of("a chunk size that overflows", "FFFFFFFFFFFFFFFFF1\r\nhello\r\n0\r\n\r\n"),
        Arguments.of("a 0x chunk size", "0x5\r\nhello\r\n0\r\n\r\n"),
        Arguments.of("a negative chunk size", "-5\r\nhello\r\n0\r\n\r\n"),
        Arguments.of("a chunk without its line end", "5\r\nhelloXX0\r\n\r\n"),
        Arguments.of("a chunk longer than its size", "2\r\nhello\r\n0\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badChunks")
  void should_refuse_a_bad_chunk_and_never_let_the_upstream_see_a_complete_request(String name, String body) {
    long writesBefore = gateway.sandbox().stats().routeRequests(PATCH_ROUTE);
    RawExchange exchange = RawExchange.send(gateway.port(),
        POST + "Transfer-Encoding: chunked\r\n\r\n" + body + SMUGGLED, QUIET);

    assertThat(exchange.statuses()).containsExactly(400);
    assertThat(exchange.closed()).isTrue();
    // The body streams: its head may have gone upstream before the bad chunk arrived, but then it is cut (reset),
    // never ended, and nothing after it is read as a request.
    assertThat(gateway.forwarded()).extracting(RecordedRequest::uri)
        .allSatisfy(uri -> assertThat(uri).isEqualTo("/api/projects/1"));
    assertThat(gateway.sandbox().stats().routeRequests(PATCH_ROUTE)).as("no write completed")
        .isEqualTo(writesBefore);
    assertThat(gateway.freshRequest().statuses()).containsExactly(200);
  }

  @Test
  void should_forward_a_folded_header_as_one_line_joined_by_a_space() {
    RawExchange exchange = RawExchange.send(gateway.port(),
        "GET /api/projects?per_page=1 HTTP/1.1\r\n" + DEMO_HEADERS + "X-Folded: a\r\n  b\r\nConnection: close\r\n\r\n",
        QUIET);

    assertThat(exchange.statuses()).containsExactly(200);
    // RFC 9112 §5.2: a recipient either refuses obs-fold or replaces it with spaces before forwarding.
    assertThat(gateway.forwarded()).singleElement()
        .satisfies(r -> assertThat(r.headers("X-Folded")).containsExactly("a b"));
  }
}
