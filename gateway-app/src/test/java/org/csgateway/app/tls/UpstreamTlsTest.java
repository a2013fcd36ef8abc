package org.csgateway.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.tls.GatewayCalls.get;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.app.tls.GatewayCalls.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https upstream (a Vert.x server on a free port with a certificate for {@code localhost} made in the test):
 * the gateway reaches it over TLS when it trusts the certificate through {@code upstream.tls.caFile}, and refuses
 * it (502, nothing reaches the upstream) when it does not trust it or when the host name does not match.
 */
@ExtendWith(VertxExtension.class)
class UpstreamTlsTest {
  @TempDir
  static Path dir;

  private static TestCertificates.Pair upstreamPair;
  private static HttpServer upstream;
  private static final AtomicInteger requests = new AtomicInteger();

  private TestGateway gateway;
  private HttpClient client;

  @BeforeAll
  static void startUpstream(Vertx vertx) {
    upstreamPair = TestCertificates.generate(dir, "upstream");
    upstream = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(
            new PemKeyCertOptions().setCertPath(upstreamPair.cert().toString())
                .setKeyPath(upstreamPair.key().toString())))
        .requestHandler(request -> {
          requests.incrementAndGet();
          request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
              .put("tls", request.isSSL()).put("version", request.version().name()).put("uri", request.uri())
              .put("host", request.getHeader("Host")).encode());
        })
        .listen(0, "localhost").await();
  }

  @AfterAll
  static void stopUpstream() {
    upstream.close().await();
  }

  @BeforeEach
  void forget() {
    requests.set(0);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close().await();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  private Reply throughGateway(Vertx vertx, String upstreamHost, String tls) {
    gateway = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        upstream:
          url: https://%s:%d
          retry: {attempts: 0}
          tls: %s
        auth: {enabled: false}
        versions: {enabled: false}
        pagination: {enabled: false}
        rateLimit: {enabled: false}
        """.formatted(upstreamHost, upstream.actualPort(), tls));
    client = vertx.createHttpClient(GatewayCalls.http1(gateway.ports().proxy()));
    return get(client, "/api/projects?per_page=1");
  }

  @Test
  void should_reach_the_upstream_over_tls_when_its_certificate_is_trusted_through_the_ca_file(Vertx vertx) {
    Reply reply = throughGateway(vertx, "localhost", "{caFile: '" + upstreamPair.cert() + "'}");

    assertThat(reply.status()).isEqualTo(200);
    JsonObject seen = reply.body().toJsonObject();
    assertThat(seen.getBoolean("tls")).isTrue();
    assertThat(seen.getString("version")).isEqualTo("HTTP_1_1");
    assertThat(seen.getString("uri")).isEqualTo("/api/projects?per_page=1");
    assertThat(seen.getString("host")).isEqualTo("localhost:" + upstream.actualPort());
  }

  @Test
  void should_refuse_the_upstream_when_its_certificate_is_not_trusted(Vertx vertx) {
    Reply reply = throughGateway(vertx, "localhost", "{}"); // the JVM's trust store knows nothing of it

    assertThat(reply.status()).isEqualTo(502);
    assertThat(requests).hasValue(0);
  }

  @Test
  void should_refuse_the_upstream_when_the_certificate_does_not_name_the_host(Vertx vertx) {
    Reply reply = throughGateway(vertx, "127.0.0.1", "{caFile: '" + upstreamPair.cert() + "'}");

    assertThat(reply.status()).isEqualTo(502);
    assertThat(requests).hasValue(0);
  }

  @Test
  void should_accept_another_host_name_when_verify_host_is_off(Vertx vertx) {
    Reply reply = throughGateway(vertx, "127.0.0.1",
        "{caFile: '" + upstreamPair.cert() + "', verifyHost: false}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().toJsonObject().getBoolean("tls")).isTrue();
  }
}
