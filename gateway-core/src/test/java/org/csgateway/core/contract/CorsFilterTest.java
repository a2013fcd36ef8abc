package org.csgateway.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;
import org.csgateway.core.testing.TestExchanges;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CorsFilterTest {
  private static final String APP = "https://app.example.com";
  private static final String EVIL = "https://evil.example.net";

  private final ErrorResponder errors = new ErrorResponder();
  private final CorsFilter filter = new CorsFilter(new CorsPolicy(List.of(APP, "http://localhost:3000"),
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH), CorsPolicy.DEFAULT_ALLOWED_HEADERS,
      CorsPolicy.DEFAULT_EXPOSED_HEADERS, true, Duration.ofMinutes(10)), errors);

  private static Exchange preflight(String origin) {
    return TestExchanges.exchange(HttpMethod.OPTIONS, "/api/projects", "Origin", origin,
        "Access-Control-Request-Method", "PATCH", "Access-Control-Request-Headers", "authorization, content-type");
  }

  @Test
  void should_stand_at_the_edge() {
    assertThat(filter.stage()).isEqualTo(Stage.EDGE);
    assertThat(filter.id()).isEqualTo("cors");
  }

  @Nested
  class Preflight {
    @Test
    void should_answer_204_with_the_allow_headers_without_forwarding_when_the_origin_is_allowed() {
      RecordingChain chain = RecordingChain.answering(200);

      GatewayResponse response = filter.apply(preflight(APP), chain).result();

      assertThat(chain.calls()).isZero();
      assertThat(response.status()).isEqualTo(204);
      assertThat(response.body()).isNull();
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo(APP);
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS)).isEqualTo("GET, POST, PATCH");
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS)).contains("Authorization")
          .contains("Content-Type");
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isEqualTo("true");
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_MAX_AGE)).isEqualTo("600");
      assertThat(response.headers().getAll(HttpHeaders.VARY)).contains("Origin");
    }

    @Test
    void should_match_the_origin_case_insensitively() {
      GatewayResponse response = filter.apply(preflight("HTTPS://App.Example.com"), RecordingChain.answering(200))
          .result();

      assertThat(response.status()).isEqualTo(204);
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("HTTPS://App.Example.com");
    }

    @Test
    void should_refuse_without_cors_headers_or_forwarding_when_the_origin_is_not_allowed() {
      RecordingChain chain = RecordingChain.answering(200);

      GatewayResponse response = filter.apply(preflight(EVIL), chain).result();

      assertThat(chain.calls()).isZero();
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body().toJsonObject().getJsonArray("errors")).hasSize(1);
      assertThat(response.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void should_forward_an_options_request_when_it_is_not_a_preflight() {
      RecordingChain chain = RecordingChain.answering(200);

      GatewayResponse response = filter.apply(
          TestExchanges.exchange(HttpMethod.OPTIONS, "/api/projects", "Origin", APP), chain).result();

      assertThat(chain.calls()).isOne();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo(APP);
    }
  }

  @Nested
  class ActualRequests {
    @Test
    void should_grant_the_origin_and_expose_headers_when_the_origin_is_allowed() {
      RecordingChain chain = RecordingChain.answering(200, "Vary", "Accept", "Link", "<...>; rel=\"next\"");

      GatewayResponse response = filter.apply(
          TestExchanges.exchange(HttpMethod.GET, "/api/projects", "Origin", APP), chain).result();

      assertThat(chain.calls()).isOne();
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo(APP);
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isEqualTo("true");
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS))
          .isEqualTo("Link, Per-Page, Total, API-Deprecated, Deprecation, Sunset, API-Version-Supported, "
              + "API-Available-Versions, RateLimit, RateLimit-Policy, Retry-After, X-Request-Id");
      assertThat(response.headers().getAll(HttpHeaders.VARY)).containsExactly("Accept", "Origin");
    }

    @Test
    void should_grant_the_origin_on_the_gateways_own_errors() {
      RecordingChain chain = RecordingChain.answering(exchange -> errors.response(
          new GatewayException(401, "UNAUTHORIZED", "Not Authorized")));

      GatewayResponse response = filter.apply(
          TestExchanges.exchange(HttpMethod.GET, "/api/projects", "Origin", APP), chain).result();

      assertThat(response.status()).isEqualTo(401);
      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo(APP);
    }

    @Test
    void should_add_nothing_when_the_origin_is_not_allowed() {
      RecordingChain chain = RecordingChain.answering(200);

      GatewayResponse response = filter.apply(
          TestExchanges.exchange(HttpMethod.GET, "/api/projects", "Origin", EVIL), chain).result();

      assertThat(chain.calls()).isOne();
      assertThat(response.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
      assertThat(response.headers().contains(HttpHeaders.VARY)).isFalse();
    }

    @Test
    void should_add_nothing_when_there_is_no_origin() {
      GatewayResponse response = filter.apply(TestExchanges.exchange(HttpMethod.GET, "/api/projects"),
          RecordingChain.answering(200)).result();

      assertThat(response.headers().isEmpty()).isTrue();
    }

    @Test
    void should_grant_any_origin_with_a_star_when_every_origin_is_allowed_without_credentials() {
      CorsFilter open = new CorsFilter(CorsPolicy.allowing("*"), errors);

      GatewayResponse response = open.apply(
          TestExchanges.exchange(HttpMethod.GET, "/api/projects", "Origin", EVIL), RecordingChain.answering(200))
          .result();

      assertThat(response.headers().get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("*");
      assertThat(response.headers().contains(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)).isFalse();
    }
  }

  @Nested
  class Policy {
    @Test
    void should_refuse_star_with_credentials() {
      assertThatThrownBy(() -> new CorsPolicy(List.of("*"), CorsPolicy.DEFAULT_METHODS, List.of(), List.of(), true,
          Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("allowedOrigins '*' cannot be combined with allowCredentials");
    }

    @Test
    void should_refuse_origins_that_are_not_scheme_host_port() {
      assertThatThrownBy(() -> CorsPolicy.allowing("https://app.example.com/"))
          .hasMessageContaining("allowedOrigins must be scheme://host[:port]");
      assertThatThrownBy(() -> CorsPolicy.allowing("app.example.com"))
          .hasMessageContaining("allowedOrigins must be scheme://host[:port]");
      assertThatThrownBy(() -> CorsPolicy.allowing("null")).hasMessageContaining("allowedOrigins");
      assertThatThrownBy(() -> CorsPolicy.allowing("*", APP)).hasMessageContaining("'*' alone");
      assertThatThrownBy(() -> CorsPolicy.allowing()).hasMessage("allowedOrigins must not be empty");
    }

    @Test
    void should_refuse_header_names_that_are_not_tokens() {
      assertThatThrownBy(() -> new CorsPolicy(List.of(APP), CorsPolicy.DEFAULT_METHODS, List.of("X Bad"), List.of(),
          false, Duration.ZERO))
          .hasMessage("header names must be tokens, was 'X Bad'");
    }

    @Test
    void should_ship_the_documented_defaults() {
      CorsPolicy policy = CorsPolicy.allowing(APP);

      assertThat(policy.exposedHeaders()).contains("Link", "Per-Page", "Total", "API-Deprecated", "Deprecation",
          "Sunset", "RateLimit", "RateLimit-Policy", "Retry-After", "X-Request-Id");
      assertThat(policy.allowCredentials()).isFalse();
      assertThat(policy.maxAge()).isEqualTo(Duration.ofMinutes(10));
      assertThat(policy.allows("https://APP.example.com")).isTrue();
      assertThat(policy.allows(EVIL)).isFalse();
    }
  }
}
