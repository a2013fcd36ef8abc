package org.csgateway.app.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, slowloris over TLS (HTTP/1.1 through ALPN, HTTP/2 offered too): the head time limit holds there as in
 * cleartext, since Vert.x hands the connection over once the handshake has chosen the protocol, before any head.
 */
class SlowHeadOverTlsTest extends OneGatewayPerClass {
  private final SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");

  @Override
  protected String moreYaml() {
    return "server: {host: 127.0.0.1, port: 0, instances: 1, http2: true,"
        + " limits: {requestTimeout: 400ms, idleTimeout: 30s},"
        + " tls: {enabled: true, certFile: '" + certificate.certificatePath() + "', keyFile: '"
        + certificate.privateKeyPath() + "'}}\n";
  }

  @AfterAll
  void deleteCertificate() {
    certificate.delete();
  }

  @Test
  void should_answer_408_over_tls_when_a_head_stalls_past_the_request_timeout(Vertx vertx) {
    NetClient tls = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true)
        .setHostnameVerificationAlgorithm(""));
    try {
      NetSocket socket = AttackGateway.await(tls.connect(gateway.port(), "127.0.0.1"));
      Buffer received = Buffer.buffer();
      Promise<String> closed = Promise.promise();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> closed.tryComplete(received.toString(StandardCharsets.ISO_8859_1)));

      socket.write("GET /api/projects?per_page=1 HTTP/1.1\r\nHost: gw\r\n"); // and never the rest

      assertThat(AttackGateway.await(closed.future())).startsWith("HTTP/1.1 408 ")
          .contains("{\"errors\":[\"The request was not received in time\"]}");
    } finally {
      AttackGateway.await(tls.close());
    }
  }
}
