package org.csgateway.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.tls.GatewayCalls.get;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpVersion;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.app.tls.GatewayCalls.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.http2: false}: clients asking for HTTP/2, over TLS or cleartext, are answered in HTTP/1.1. */
@ExtendWith(VertxExtension.class)
class Http2DisabledTest {
  @TempDir
  static Path dir;

  private static TestGateway overTls;
  private static TestGateway cleartext;
  private static HttpClient alpn;
  private static HttpClient upgrade;

  @BeforeAll
  static void start(Vertx vertx) {
    TestCertificates.Pair pair = TestCertificates.generate(dir, "gateway");
    overTls = TestGateway.start(vertx, """
        server:
          host: 127.0.0.1
          port: 0
          instances: 1
          http2: false
          tls: {enabled: true, certFile: '%s', keyFile: '%s'}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        """.formatted(pair.cert(), pair.key()));
    cleartext = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 1, http2: false}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        """);
    alpn = vertx.createHttpClient(GatewayCalls.h2OverTls(overTls.ports().proxy(), pair.cert()));
    upgrade = vertx.createHttpClient(GatewayCalls.h2c(cleartext.ports().proxy(), true));
  }

  @AfterAll
  static void stop() {
    alpn.close().await();
    upgrade.close().await();
    overTls.close();
    cleartext.close();
  }

  @Test
  void should_negotiate_http1_through_alpn_when_http2_is_off() {
    Reply reply = get(alpn, "/api/projects?per_page=1");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.peer()).isNotNull();
  }

  @Test
  void should_ignore_the_h2c_upgrade_when_http2_is_off() {
    Reply reply = get(upgrade, "/api/projects?per_page=1");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(cleartext.sandbox().recentRequests().get(0).header("Upgrade")).isNull();
  }
}
