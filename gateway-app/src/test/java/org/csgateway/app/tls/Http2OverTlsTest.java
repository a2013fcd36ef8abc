package org.csgateway.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.tls.GatewayCalls.get;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.csgateway.app.sandbox.RecordedRequest;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.app.tls.GatewayCalls.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway terminating TLS with a certificate made in the test, in front of the sandbox (HTTP/1.1): clients that
 * negotiate h2 through ALPN get HTTP/2, clients without ALPN get HTTP/1.1, and what reaches the upstream is a
 * plain HTTP/1.1 request either way.
 */
@ExtendWith(VertxExtension.class)
class Http2OverTlsTest {
  @TempDir
  static Path dir;

  private static TestCertificates.Pair pair;
  private static TestGateway gateway;
  private static HttpClient h2;
  private static HttpClient http1;

  @BeforeAll
  static void start(Vertx vertx) {
    pair = TestCertificates.generate(dir, "gateway");
    gateway = TestGateway.start(vertx, """
        server:
          host: 127.0.0.1
          port: 0
          instances: 2
          tls: {enabled: true, certFile: '%s', keyFile: '%s'}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        """.formatted(pair.cert(), pair.key()));
    int port = gateway.ports().proxy();
    h2 = vertx.createHttpClient(GatewayCalls.h2OverTls(port, pair.cert()));
    http1 = vertx.createHttpClient(GatewayCalls.http1OverTls(port, pair.cert()));
  }

  @AfterAll
  static void stop() {
    h2.close().await();
    http1.close().await();
    gateway.close();
  }

  @BeforeEach
  void forgetRequests() {
    gateway.sandbox().clearRecordedRequests();
  }

  @Test
  void should_answer_over_http2_with_the_configured_certificate_when_the_client_negotiates_h2() {
    Reply reply = get(h2, "/api/projects?per_page=2");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject().getJsonArray("projects")).hasSize(2);
    assertThat(reply.peer().getSerialNumber()).isEqualTo(pair.serial());
  }

  @Test
  void should_send_the_upstream_a_plain_http1_request_when_the_client_spoke_h2() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("te", "trailers").add("X-Probe", "h2");
    Reply reply = GatewayCalls.send(h2, HttpMethod.GET, "/api/projects?per_page=1", headers, null);

    assertThat(reply.status()).isEqualTo(200);
    RecordedRequest forwarded = gateway.sandbox().recentRequests().get(0);
    assertThat(forwarded.headers()).extracting(Map.Entry::getKey)
        .noneMatch(name -> name.startsWith(":"))
        .noneMatch(name -> name.equalsIgnoreCase("te") || name.equalsIgnoreCase("transfer-encoding"));
    assertThat(forwarded.header("Host")).isEqualTo("127.0.0.1:" + gateway.ports().sandbox());
    assertThat(forwarded.header("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(forwarded.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + gateway.ports().proxy());
    assertThat(forwarded.header("X-Probe")).isEqualTo("h2");
  }

  @Test
  void should_rewrite_links_to_the_https_authority_when_the_request_came_over_h2() {
    Reply reply = get(h2, "/api/projects?per_page=1");

    assertThat(reply.headers().get("Link"))
        .contains("<https://127.0.0.1:" + gateway.ports().proxy() + "/api/projects?")
        .doesNotContain(":" + gateway.ports().sandbox() + "/");
  }

  @Test
  void should_forward_the_body_when_a_client_posts_over_h2() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("Authorization", GatewayCalls.basic(SandboxIdentities.DEMO_CLIENT_ID, SandboxIdentities.DEMO_CLIENT_SECRET))
        .add("Content-Type", "application/x-www-form-urlencoded");
    Buffer body = Buffer.buffer("grant_type=password&username=" + SandboxIdentities.DEMO_API_KEY
        + "&password=" + SandboxIdentities.DEMO_API_SECRET + "&scope=project_read");

    Reply token = GatewayCalls.send(h2, HttpMethod.POST, "/api/oauth/token", form, body);

    assertThat(token.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.body().toJsonObject().getString("access_token")).isNotBlank();
  }

  @Test
  void should_answer_over_http1_when_the_client_does_not_offer_h2() {
    Reply reply = get(http1, "/api/projects?per_page=1");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject().getJsonArray("projects")).hasSize(1);
    assertThat(reply.peer().getSerialNumber()).isEqualTo(pair.serial());
  }
}
