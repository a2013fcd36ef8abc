package org.csgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.transport.Transport;
import io.vertx.junit5.VertxExtension;
import java.util.Base64;
import org.csgateway.app.config.IoTransport;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code server.transport}: {@code auto} takes io_uring, else epoll, else NIO; a named one
 * that does not load stops the start with its reason; and the gateway serves on each transport this machine has,
 * TLS with HTTP/2, streamed bodies both ways.
 */
class GatewayVertxTest {

  @Nested
  class Choice {
    @Test
    void should_take_io_uring_then_epoll_then_nio_when_auto() {
      assertThat(GatewayVertx.transport(IoTransport.AUTO, t -> true)).isSameAs(Transport.IO_URING);
      assertThat(GatewayVertx.transport(IoTransport.AUTO, t -> t != Transport.IO_URING)).isSameAs(Transport.EPOLL);
      assertThat(GatewayVertx.transport(IoTransport.AUTO, t -> t == Transport.NIO)).isSameAs(Transport.NIO);
      assertThat(GatewayVertx.transport(IoTransport.EPOLL, t -> true)).isSameAs(Transport.EPOLL);
    }

    @Test
    void should_take_the_first_that_loads_here_when_auto() {
      Transport expected = Transport.IO_URING.available() ? Transport.IO_URING
          : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
      assertThat(GatewayVertx.transport(IoTransport.AUTO)).isSameAs(expected);
    }

    @Test
    void should_refuse_to_start_on_another_when_the_named_one_does_not_load() {
      assertThatThrownBy(() -> GatewayVertx.transport(IoTransport.IO_URING, t -> t != Transport.IO_URING))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("server.transport io_uring is not available here")
          .hasMessageEndingWith("(auto takes the best one that is)");
      assertThat(GatewayVertx.transport(IoTransport.NIO, t -> true)).isSameAs(Transport.NIO);
      assertThat(GatewayVertx.transport(IoTransport.EPOLL, t -> true)).isSameAs(Transport.EPOLL);
    }

    @Test
    void should_name_what_auto_passed_over_and_nothing_when_it_took_the_first_or_the_transport_was_named() {
      assertThat(GatewayVertx.passedOver(IoTransport.AUTO, Transport.IO_URING)).isEmpty();
      assertThat(GatewayVertx.passedOver(IoTransport.AUTO, Transport.EPOLL)).startsWith("io_uring: ")
          .doesNotContain("epoll");
      assertThat(GatewayVertx.passedOver(IoTransport.AUTO, Transport.NIO)).startsWith("io_uring: ")
          .contains("; epoll: ");
      assertThat(GatewayVertx.passedOver(IoTransport.NIO, Transport.NIO)).as("named, not chosen").isEmpty();
    }
  }

  @Nested
  @ExtendWith(VertxExtension.class)
  class Serving {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
        (SandboxIdentities.DEMO_API_KEY + ":" + SandboxIdentities.DEMO_API_SECRET).getBytes());

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void should_serve_tls_http2_and_stream_bodies_both_ways_on_each_transport_that_loads_here(IoTransport named,
        Vertx clientVertx) {
      Transport transport = named.named();
      assumeTrue(transport.available(), () -> named.configName() + " does not load here");
      Vertx vertx = GatewayVertx.create(transport, null, false);
      SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
      try (TestGateway gateway = TestGateway.start(vertx, """
          server: {host: 127.0.0.1, port: 0, instances: 1, tls: {enabled: true, certFile: '%s', keyFile: '%s'}}
          admin: {host: 127.0.0.1, port: 0}
          sandbox: {enabled: true}
          routes: {unmatched: forward}
          """.formatted(certificate.certificatePath(), certificate.privateKeyPath()))) {
        assertThat(((VertxInternal) vertx).transport().getClass()).isSameAs(transport.implementation().getClass());
        HttpClient h2 = clientVertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
            .setVerifyHost(false).setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2)
            .setDefaultHost("127.0.0.1").setDefaultPort(gateway.ports().proxy()));

        Reply projects = send(h2, HttpMethod.GET, "/api/projects?per_page=2", null);
        assertThat(projects.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(projects.status()).isEqualTo(200);
        assertThat(new JsonObject(projects.body()).getJsonArray("projects")).hasSize(2);

        Reply large = send(h2, HttpMethod.GET, "/_sandbox/bytes/1048576", null);
        assertThat(large.status()).isEqualTo(200);
        assertThat(large.body().length()).isEqualTo(1048576);

        Reply sunk = send(h2, HttpMethod.POST, "/_sandbox/sink", Buffer.buffer(new byte[1048576]));
        assertThat(sunk.status()).isEqualTo(200);
        assertThat(new JsonObject(sunk.body()).getLong("bytes")).isEqualTo(1048576L);
        h2.close().await();
      } finally {
        certificate.delete();
        vertx.close().await();
      }
    }

    private record Reply(HttpVersion version, int status, Buffer body) {}

    private Reply send(HttpClient client, HttpMethod method, String uri, Buffer body) {
      return client.request(new RequestOptions().setMethod(method).setURI(uri)).compose(request -> {
        request.putHeader("Authorization", BASIC).putHeader("Accept", "application/json; api_version=80");
        Future<HttpClientResponse> response = body == null ? request.send() : request.send(body);
        return response.compose(r -> r.body().map(b -> new Reply(r.version(), r.statusCode(), b)));
      }).await();
    }
  }
}
