package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.attack.AttackGateway.DEMO_HEADERS;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 with {@code server.h2c: true}, which the README's security notes advise against: Vert.x 5.0 then hands the
 * gateway an HTTP/1.x connection only after its first request head is decoded, too late to put its own decoder and
 * head timer in place, so Netty's decoder alone stands between the client and the upstream.
 */
class CleartextHttp2EdgeTest extends OneGatewayPerClass {
  private static final Duration QUIET = Duration.ofSeconds(5);
  private static final String PATCH = "PATCH /api/projects/1 HTTP/1.1\r\n" + DEMO_HEADERS;

  @Override
  protected String moreYaml() {
    return "server: {host: 127.0.0.1, port: 0, instances: 1, h2c: true}\n";
  }

  /**
   * The gateway's own decoder, which names the reason, is not in place on an h2c connection; Netty's (4.2.13 on) now
   * refuses double framing by itself. What this proves: the pipelined request behind it is never read, and nothing
   * reaches the upstream, so no proxy in front can frame the request differently from the gateway.
   */
  @Test
  void should_refuse_content_length_with_transfer_encoding_even_without_the_gateways_decoder() {
    RawExchange exchange = RawExchange.send(gateway.port(),
        PATCH + "Content-Length: 60\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            + "GET /api/projects?pipelined=1 HTTP/1.1\r\n" + DEMO_HEADERS + "Connection: close\r\n\r\n", QUIET);

    assertThat(exchange.statuses()).as("one answer, and none to the pipelined GET").containsExactly(400);
    assertThat(exchange.closed()).isTrue();
    assertThat(new JsonObject(exchange.firstBody()).getJsonArray("errors")).hasSize(1);
    assertThat(gateway.forwarded()).as("nothing reached the upstream").isEmpty();
  }
}
