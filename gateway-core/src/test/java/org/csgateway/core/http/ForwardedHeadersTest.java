package org.csgateway.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.List;
import org.csgateway.core.pipeline.GatewayRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {
  private static final TrustedProxies LOOPBACK = TrustedProxies.of(List.of("127.0.0.0/8", "::1/128"));

  private static ForwardedHeaders headers(ForwardedMode mode) {
    return new ForwardedHeaders(new ForwardedConfig(LOOPBACK, mode, "edge-1"), null);
  }

  private static GatewayRequest request(String peer, String... headerPairs) {
    MultiMap headers = HttpHeaders.headers();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return new GatewayRequest(HttpMethod.GET, "/api/projects", null, headers, "https", "gw.example:8443", peer, null);
  }

  private static MultiMap applied(ForwardedHeaders forwarded, GatewayRequest request) {
    MultiMap upstream = HttpHeaders.headers().addAll(request.headers());
    forwarded.applyTo(request, upstream);
    return upstream;
  }

  @Nested
  class Writing {

    @Test
    void should_send_both_families_when_the_mode_is_both() {
      MultiMap upstream = applied(headers(ForwardedMode.BOTH), request("::1", "X-Forwarded-For", "203.0.113.7"));

      assertThat(upstream.get("X-Forwarded-For")).isEqualTo("203.0.113.7, ::1");
      assertThat(upstream.get("X-Forwarded-Proto")).isEqualTo("https");
      assertThat(upstream.get("X-Forwarded-Host")).isEqualTo("gw.example:8443");
      assertThat(upstream.get("Forwarded")).isEqualTo("for=\"[::1]\";proto=https;host=\"gw.example:8443\"");
      assertThat(upstream.get("Via")).isEqualTo("1.1 edge-1");
    }

    @Test
    void should_keep_a_trusted_proxys_proto_host_and_port() {
      MultiMap upstream = applied(headers(ForwardedMode.X_FORWARDED), request("127.0.0.1",
          "X-Forwarded-Proto", "http", "X-Forwarded-Host", "api.example.com", "X-Forwarded-Port", "80"));

      assertThat(upstream.get("X-Forwarded-Proto")).isEqualTo("http");
      assertThat(upstream.get("X-Forwarded-Host")).isEqualTo("api.example.com");
      assertThat(upstream.get("X-Forwarded-Port")).isEqualTo("80");
    }

    @Test
    void should_join_several_x_forwarded_for_lines_when_the_peer_is_trusted() {
      MultiMap upstream = applied(headers(ForwardedMode.X_FORWARDED),
          request("127.0.0.1", "X-Forwarded-For", "198.51.100.1", "X-Forwarded-For", "203.0.113.7"));

      assertThat(upstream.getAll("X-Forwarded-For")).containsExactly("198.51.100.1, 203.0.113.7, 127.0.0.1");
    }

    @Test
    void should_remove_the_family_that_is_not_sent() {
      MultiMap upstream = applied(headers(ForwardedMode.X_FORWARDED),
          request("127.0.0.1", "Forwarded", "for=203.0.113.7"));

      assertThat(upstream.contains("Forwarded")).isFalse();
    }
  }

  @Nested
  class ClientAddress {

    @Test
    void should_read_x_forwarded_for_in_both_mode_and_ignore_forwarded() {
      ForwardedHeaders forwarded = headers(ForwardedMode.BOTH);
      MultiMap sent = HttpHeaders.headers().add("X-Forwarded-For", "198.51.100.1").add("Forwarded", "for=192.0.2.1");

      assertThat(forwarded.clientAddress("127.0.0.1", sent)).isEqualTo("198.51.100.1");
    }

    @Test
    void should_read_forwarded_for_in_forwarded_mode_and_stop_at_an_element_without_for() {
      ForwardedHeaders forwarded = headers(ForwardedMode.FORWARDED);
      MultiMap sent = HttpHeaders.headers().add("Forwarded", "for=192.0.2.1, proto=https;by=127.0.0.2");

      assertThat(forwarded.clientAddress("127.0.0.1", sent)).isEqualTo("127.0.0.1");
    }

    @Test
    void should_answer_the_canonical_peer_when_a_trusted_peer_forwards_nothing() {
      assertThat(headers(ForwardedMode.X_FORWARDED).clientAddress("::ffff:127.0.0.1", HttpHeaders.headers()))
          .isEqualTo("127.0.0.1");
    }

    @Test
    void should_judge_each_peer_on_its_own_when_trusted_and_untrusted_peers_alternate() {
      ForwardedHeaders forwarded = headers(ForwardedMode.X_FORWARDED);
      MultiMap sent = HttpHeaders.headers().add("X-Forwarded-For", "198.51.100.1");

      for (int i = 0; i < 3; i++) { // the same instance remembers the last peer: it must never answer for another
        assertThat(forwarded.clientAddress("127.0.0.1", sent)).isEqualTo("198.51.100.1");
        assertThat(forwarded.isTrusted("127.0.0.1")).isTrue();
        assertThat(forwarded.clientAddress("203.0.113.9", sent)).isEqualTo("203.0.113.9");
        assertThat(forwarded.isTrusted("203.0.113.9")).isFalse();
        assertThat(applied(forwarded, request("203.0.113.9", "X-Forwarded-For", "198.51.100.1"))
            .get("X-Forwarded-For")).isEqualTo("203.0.113.9");
        assertThat(forwarded.isTrusted(null)).isFalse();
      }
    }

    @Test
    void should_answer_the_canonical_peer_when_the_peer_is_not_trusted() {
      ForwardedHeaders forwarded = headers(ForwardedMode.X_FORWARDED);

      MultiMap sent = HttpHeaders.headers().add("X-Forwarded-For", "1.1.1.1");

      assertThat(forwarded.clientAddress("2001:db8:0:0:0:0:0:9", sent))
          .isEqualTo("2001:db8::9");
    }
  }

  @Nested
  class PublicBaseUrl {

    @Test
    void should_prefer_the_configured_url_without_its_trailing_slash() {
      ForwardedHeaders forwarded =
          new ForwardedHeaders(ForwardedConfig.defaults(), URI.create("https://API.example.com/"));

      assertThat(forwarded.publicBaseUrl(request("127.0.0.1", "X-Forwarded-Host", "other.example")))
          .isEqualTo("https://API.example.com");
    }

    @Test
    void should_use_the_request_scheme_and_authority_when_nothing_is_forwarded() {
      assertThat(headers(ForwardedMode.X_FORWARDED).publicBaseUrl(request("203.0.113.7")))
          .isEqualTo("https://gw.example:8443");
    }

    @Test
    void should_use_the_forwarded_element_set_by_the_nearest_proxy_in_forwarded_mode() {
      GatewayRequest request = request("127.0.0.1",
          "Forwarded", "for=1.2.3.4;host=evil.example;proto=http, for=10.0.0.1;host=api.example.org;proto=https");

      assertThat(headers(ForwardedMode.FORWARDED).publicBaseUrl(request)).isEqualTo("https://api.example.org");
    }

    @Test
    void should_ignore_a_forwarded_host_that_is_not_a_host() {
      GatewayRequest request =
          request("127.0.0.1", "X-Forwarded-Host", "evil.example/path?x", "X-Forwarded-Proto", "gopher");

      assertThat(headers(ForwardedMode.X_FORWARDED).publicBaseUrl(request)).isEqualTo("https://gw.example:8443");
    }

    @Test
    void should_answer_each_request_with_its_own_base_when_hosts_and_schemes_alternate() {
      ForwardedHeaders forwarded = headers(ForwardedMode.X_FORWARDED);
      String[][] requests = {{"https", "gw.example:8443"}, {"http", "gw.example:8443"}, {"http", "other.example"},
          {"http", "bad/host"}, {"https", "gw.example:8443"}, {"https", null}, {"https", "gw.example:8443"}};
      String[] expected = {"https://gw.example:8443", "http://gw.example:8443", "http://other.example", null,
          "https://gw.example:8443", null, "https://gw.example:8443"};

      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < requests.length; i++) {
          GatewayRequest request = new GatewayRequest(HttpMethod.GET, "/api/projects", null, HttpHeaders.headers(),
              requests[i][0], requests[i][1], "203.0.113.7", null);
          assertThat(forwarded.publicBaseUrl(request)).as(requests[i][0] + " " + requests[i][1])
              .isEqualTo(expected[i]);
        }
      }
    }

    @Test
    void should_reject_a_configured_url_with_a_path() {
      ForwardedConfig config = ForwardedConfig.defaults();
      assertThatThrownBy(() -> new ForwardedHeaders(config, URI.create("https://api.example.com/v1")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publicBaseUrl");
      assertThatThrownBy(() -> new ForwardedHeaders(config, URI.create("ftp://api.example.com")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publicBaseUrl");
    }
  }

  @Nested
  class Config {

    @Test
    void should_parse_mode_names_and_list_them_when_unknown() {
      assertThat(ForwardedMode.fromConfigName("X-Forwarded")).isEqualTo(ForwardedMode.X_FORWARDED);
      assertThat(ForwardedMode.fromConfigName("both")).isEqualTo(ForwardedMode.BOTH);
      assertThatThrownBy(() -> ForwardedMode.fromConfigName("rfc7239"))
          .hasMessage("mode must be one of x-forwarded, forwarded, both, was 'rfc7239'");
    }

    @Test
    void should_reject_a_via_name_that_is_not_a_token() {
      assertThatThrownBy(() -> new ForwardedConfig(LOOPBACK, ForwardedMode.BOTH, "my gateway"))
          .hasMessageContaining("via must be a token");
    }
  }
}
