package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.attack.AttackGateway.DEMO_HEADERS;

import java.time.Duration;
import org.csgateway.app.sandbox.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 with {@code server.h2c: true}, which the README's security notes advise against: Vert.x 5.0 then hands the
 * gateway an HTTP/1.x connection only after its first request head is decoded, too late to harden the decoder, so
 * what the default configuration refuses falls back to what the RFC allows.
 */
class CleartextHttp2EdgeTest extends OneGatewayPerClass {
  private static final Duration QUIET = Duration.ofSeconds(5);
  private static final String PATCH = "PATCH /api/projects/1 HTTP/1.1\r\n" + DEMO_HEADERS;

  @Override
  protected String moreYaml() {
    return "server: {host: 127.0.0.1, port: 0, instances: 1, h2c: true}\n";
  }

  /**
   * Netty frames a request with both {@code Transfer-Encoding: chunked} and {@code Content-Length} by the former and
   * removes the latter before the gateway sees the request (RFC 9112 §6.3 allows this of an intermediary that then
   * forwards without the length). What this proves: the gateway and the upstream read the same boundaries, since the
   * upstream gets chunked framing only, never both.
   */
  @Test
  void should_forward_chunked_framing_alone_when_content_length_and_transfer_encoding_both_come() {
    RawExchange exchange = RawExchange.send(gateway.port(),
        PATCH + "Content-Length: 60\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            + "GET /api/projects?pipelined=1 HTTP/1.1\r\n" + DEMO_HEADERS + "Connection: close\r\n\r\n", QUIET);

    assertThat(exchange.statuses()).as("the PATCH and the pipelined GET").hasSize(2).endsWith(200);
    RecordedRequest patch = gateway.forwarded().get(0);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.header("Content-Length")).as("never both framings upstream").isNull();
    assertThat(patch.header("Transfer-Encoding")).isEqualTo("chunked");
  }
}
