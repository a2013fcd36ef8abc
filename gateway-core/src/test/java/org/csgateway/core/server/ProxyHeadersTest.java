package org.csgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.List;
import org.csgateway.core.http.ForwardedConfig;
import org.csgateway.core.http.ForwardedMode;
import org.csgateway.core.http.TrustedProxies;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the upstream and the client see of each other's headers, through a real gateway. */
@ExtendWith(VertxExtension.class)
class ProxyHeadersTest {
  private static final ForwardedConfig UNTRUSTING =
      new ForwardedConfig(TrustedProxies.none(), ForwardedMode.X_FORWARDED, "csgateway");

  private Vertx vertx;
  private GatewayClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = new GatewayClient(vertx);
  }

  @Nested
  class HopByHop {

    @Test
    void should_not_forward_hop_by_hop_or_connection_named_headers_when_the_client_sends_them() {
      TestGateway gateway = TestGateway.builder(vertx).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects",
          "Connection", "keep-alive, X-Drop-Me", "X-Drop-Me", "secret", "Keep-Alive", "timeout=5",
          "Proxy-Authorization", "Basic cHJveHk6cHc=", "Proxy-Connection", "keep-alive", "Proxy-Foo", "1",
          "TE", "trailers", "Trailer", "X-Checksum", "Upgrade", "websocket", "X-Keep", "kept");

      assertThat(answer.status()).isEqualTo(200);
      for (String dropped : List.of("connection", "x-drop-me", "keep-alive", "proxy-authorization",
          "proxy-connection", "proxy-foo", "te", "trailer", "upgrade")) {
        assertThat(answer.upstreamHeader(dropped)).as(dropped).isEmpty();
      }
      assertThat(answer.upstreamHeader("x-keep")).containsExactly("kept");
    }

    @Test
    void should_not_return_hop_by_hop_or_connection_named_headers_when_the_upstream_sends_them() {
      TestGateway gateway = TestGateway.builder(vertx).upstream(request -> {
        request.response()
            .putHeader("Connection", "X-Upstream-Secret")
            .putHeader("X-Upstream-Secret", "s3cr3t")
            .putHeader("Keep-Alive", "timeout=5")
            .putHeader("Proxy-Authenticate", "Basic realm=\"upstream\"")
            .putHeader("Proxy-Other", "1")
            .putHeader("Upgrade", "h2c")
            .putHeader("X-Visible", "yes");
        TestUpstreams.echo().handle(request);
      }).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      assertThat(answer.status()).isEqualTo(200);
      for (String dropped : List.of("x-upstream-secret", "keep-alive", "proxy-authenticate", "proxy-other",
          "upgrade")) {
        assertThat(answer.headers().contains(dropped)).as(dropped).isFalse();
      }
      assertThat(answer.headers().getAll("Connection")).doesNotContain("X-Upstream-Secret");
      assertThat(answer.headers().get("X-Visible")).isEqualTo("yes");
    }
  }

  @Nested
  class ForwardedFor {

    @Test
    void should_extend_the_chain_and_resolve_the_client_when_the_peer_is_a_trusted_proxy() {
      TestGateway gateway = TestGateway.builder(vertx).filter(new ClientAddressProbe()).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects",
          "X-Forwarded-For", "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto", "https",
          "X-Forwarded-Host", "api.example.com");

      assertThat(answer.upstreamHeader("x-forwarded-for")).containsExactly("198.51.100.1, 203.0.113.7, 127.0.0.1");
      assertThat(answer.upstreamHeader("x-forwarded-proto")).containsExactly("https");
      assertThat(answer.upstreamHeader("x-forwarded-host")).containsExactly("api.example.com");
      assertThat(answer.upstreamHeader(ClientAddressProbe.HEADER)).containsExactly("203.0.113.7");
    }

    @Test
    void should_replace_the_forwarding_headers_when_the_peer_is_not_trusted() {
      TestGateway gateway = TestGateway.builder(vertx).forwarded(UNTRUSTING).filter(new ClientAddressProbe()).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects",
          "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example",
          "X-Forwarded-Port", "666", "Forwarded", "for=203.0.113.7");

      assertThat(answer.upstreamHeader("x-forwarded-for")).containsExactly("127.0.0.1");
      assertThat(answer.upstreamHeader("x-forwarded-proto")).containsExactly("http");
      assertThat(answer.upstreamHeader("x-forwarded-host")).containsExactly("127.0.0.1:" + gateway.port());
      assertThat(answer.upstreamHeader("x-forwarded-port")).isEmpty();
      assertThat(answer.upstreamHeader("forwarded")).isEmpty();
      assertThat(answer.upstreamHeader(ClientAddressProbe.HEADER)).containsExactly("127.0.0.1");
    }

    @Test
    void should_extend_the_forwarded_header_and_drop_x_forwarded_when_the_mode_is_forwarded() {
      ForwardedConfig forwarded = new ForwardedConfig(
          TrustedProxies.of(List.of("127.0.0.0/8")), ForwardedMode.FORWARDED, "csgateway");
      TestGateway gateway = TestGateway.builder(vertx).forwarded(forwarded).filter(new ClientAddressProbe()).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects",
          "Forwarded", "for=\"[2001:db8::7]:4711\";proto=https", "X-Forwarded-For", "198.51.100.99");

      assertThat(answer.upstreamHeader("forwarded")).containsExactly(
          "for=\"[2001:db8::7]:4711\";proto=https, for=127.0.0.1;proto=http;host=\"127.0.0.1:" + gateway.port() + "\"");
      assertThat(answer.upstreamHeader("x-forwarded-for")).isEmpty();
      assertThat(answer.upstreamHeader(ClientAddressProbe.HEADER)).containsExactly("2001:db8::7");
    }

    @Test
    void should_replace_the_forwarded_header_when_the_mode_is_forwarded_and_the_peer_is_not_trusted() {
      ForwardedConfig forwarded = new ForwardedConfig(TrustedProxies.none(), ForwardedMode.FORWARDED, "csgateway");
      TestGateway gateway = TestGateway.builder(vertx).forwarded(forwarded).filter(new ClientAddressProbe()).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects",
          "Forwarded", "for=203.0.113.7;proto=https");

      assertThat(answer.upstreamHeader("forwarded"))
          .containsExactly("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + gateway.port() + "\"");
      assertThat(answer.upstreamHeader(ClientAddressProbe.HEADER)).containsExactly("127.0.0.1");
    }

    @Test
    void should_add_via_to_the_request_and_the_response_when_forwarding() {
      TestGateway gateway = TestGateway.builder(vertx).start();

      GatewayClient.Answer answer =
          client.send(gateway.port(), HttpMethod.GET, "/api/projects", "Via", "1.0 corp-proxy");

      assertThat(answer.upstreamHeader("via")).containsExactly("1.0 corp-proxy, 1.1 csgateway");
      assertThat(answer.headers().get("Via")).isEqualTo("1.1 csgateway");
    }
  }

  @Nested
  class HostAndRequestId {

    @Test
    void should_send_the_upstream_host_when_host_is_not_preserved() {
      TestGateway gateway = TestGateway.builder(vertx).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects?page=2");

      assertThat(answer.upstreamHeader("host")).containsExactly("127.0.0.1:" + gateway.upstreamPort());
      assertThat(answer.json().getString("uri")).isEqualTo("/api/projects?page=2");
    }

    @Test
    void should_send_the_client_host_when_host_is_preserved() {
      TestGateway gateway = TestGateway.builder(vertx).preserveHost(true).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      assertThat(answer.upstreamHeader("host")).containsExactly("127.0.0.1:" + gateway.port());
    }

    @Test
    void should_generate_a_request_id_and_send_it_both_ways_when_the_client_has_none() {
      TestGateway gateway = TestGateway.builder(vertx).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      String id = answer.headers().get("X-Request-Id");
      assertThat(id).matches("[0-9a-f]{32}");
      assertThat(answer.upstreamHeader("x-request-id")).containsExactly(id);
    }

    @Test
    void should_keep_the_request_id_when_a_trusted_proxy_sent_it() {
      TestGateway gateway = TestGateway.builder(vertx).start();

      GatewayClient.Answer answer =
          client.send(gateway.port(), HttpMethod.GET, "/api/projects", "X-Request-Id", "lb-4711");

      assertThat(answer.headers().get("X-Request-Id")).isEqualTo("lb-4711");
      assertThat(answer.upstreamHeader("x-request-id")).containsExactly("lb-4711");
    }

    @Test
    void should_replace_the_request_id_when_the_peer_is_not_trusted() {
      TestGateway gateway = TestGateway.builder(vertx).forwarded(UNTRUSTING).start();

      GatewayClient.Answer answer =
          client.send(gateway.port(), HttpMethod.GET, "/api/projects", "X-Request-Id", "forged");

      String id = answer.headers().get("X-Request-Id");
      assertThat(id).matches("[0-9a-f]{32}");
      assertThat(answer.upstreamHeader("x-request-id")).containsExactly(id);
    }
  }

  @Nested
  class PaginationLinks {
    private static final String UPSTREAM_LINK = "<http://10.0.0.5:3000/api/projects?page=2&per_page=30>; rel=\"next\", "
        + "<http://10.0.0.5:3000/api/projects?page=5&per_page=30>; rel=\"last\"";

    private TestGateway.Builder linkingGateway() {
      return TestGateway.builder(vertx).upstream(request -> {
        request.response().putHeader("Link", UPSTREAM_LINK);
        TestUpstreams.echo().handle(request);
      });
    }

    @Test
    void should_point_links_at_the_address_the_client_used_when_no_public_base_url_is_configured() {
      TestGateway gateway = linkingGateway().start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      String base = "http://127.0.0.1:" + gateway.port();
      assertThat(answer.headers().get("Link"))
          .isEqualTo("<" + base + "/api/projects?page=2&per_page=30>; rel=\"next\", "
          + "<" + base + "/api/projects?page=5&per_page=30>; rel=\"last\"");
    }

    @Test
    void should_point_links_at_the_configured_public_base_url() {
      TestGateway gateway = linkingGateway().publicBaseUrl(URI.create("https://api.example.com")).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects");

      assertThat(answer.headers().get("Link")).startsWith("<https://api.example.com/api/projects?page=2&per_page=30>");
    }

    @Test
    void should_point_links_at_the_forwarded_host_and_proto_when_a_trusted_proxy_sent_them() {
      TestGateway gateway = linkingGateway().start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects",
          "X-Forwarded-Proto", "https", "X-Forwarded-Host", "api.example.net");

      assertThat(answer.headers().get("Link")).isEqualTo("<https://api.example.net/api/projects?page=2&per_page=30>; "
          + "rel=\"next\", <https://api.example.net/api/projects?page=5&per_page=30>; rel=\"last\"");
      assertThat(answer.upstreamHeader("x-forwarded-host")).containsExactly("api.example.net");
    }

    @Test
    void should_ignore_a_forwarded_host_when_the_peer_is_not_trusted() {
      TestGateway gateway = linkingGateway().forwarded(UNTRUSTING).start();

      GatewayClient.Answer answer = client.send(gateway.port(), HttpMethod.GET, "/api/projects",
          "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example");

      assertThat(answer.headers().get("Link")).startsWith("<http://127.0.0.1:" + gateway.port() + "/api/projects?");
    }
  }

  /** Tells the upstream which client address the exchange resolved. */
  private static final class ClientAddressProbe implements GatewayFilter {
    static final String HEADER = "X-Test-Client-Address";

    @Override
    public String id() {
      return "client-address-probe";
    }

    @Override
    public Stage stage() {
      return Stage.EDGE;
    }

    @Override
    public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
      exchange.upstreamHeaders().set(HEADER, exchange.clientAddress());
      return chain.proceed(exchange);
    }
  }
}
