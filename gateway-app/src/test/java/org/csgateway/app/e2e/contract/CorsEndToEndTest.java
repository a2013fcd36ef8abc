package org.csgateway.app.e2e.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4, CORS, through the real gateway in front of the sandbox (which sets no CORS header at all): preflights are
 * answered at the gateway, granted only to the allowed origin; every answer to the allowed origin, the gateway's own
 * 401 included, carries the grant; an origin not allowed gets none.
 */
@ExtendWith(VertxExtension.class)
class CorsEndToEndTest {
  private static final String ALLOWED = "https://console.example.com";
  private static final String OTHER = "https://evil.example.net";

  private static TestGateway gateway;
  private static ContractHttp http;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, TestGateway.SANDBOX_YAML + """
        cors: {enabled: true, allowedOrigins: ["%s"], maxAge: 5m}
        """.formatted(ALLOWED));
    http = new ContractHttp(vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    gateway.close();
  }

  private static ContractHttp.Request preflight(String origin) {
    return http.to(gateway.ports().proxy(), HttpMethod.OPTIONS, "/api/projects")
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization, accept");
  }

  private static ContractHttp.Request projects(String origin) {
    return http.to(gateway.ports().proxy(), HttpMethod.GET, "/api/projects?per_page=2")
        .header("Accept", "application/json").header("Origin", origin);
  }

  private static long sandboxRequests() {
    return gateway.sandbox().stats().totalRequests();
  }

  @Nested
  class Preflight {
    @Test
    void should_answer_204_with_the_grant_without_reaching_the_sandbox_when_the_origin_is_allowed() {
      long before = sandboxRequests();

      ContractHttp.Reply reply = preflight(ALLOWED).send();

      assertThat(reply.status()).isEqualTo(204);
      assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
      assertThat(reply.headerElements("Access-Control-Allow-Methods")).contains("GET", "POST", "DELETE");
      assertThat(reply.headerElements("Access-Control-Allow-Headers")).map(String::toLowerCase)
          .contains("authorization", "accept");
      assertThat(reply.header("Access-Control-Max-Age")).isEqualTo("300");
      assertThat(reply.headerElements("Vary")).contains("Origin");
      assertThat(reply.body().length()).isZero();
      assertThat(sandboxRequests()).as("requests that reached the sandbox").isEqualTo(before);
    }

    @Test
    void should_grant_nothing_when_the_origin_is_not_allowed() {
      long before = sandboxRequests();

      ContractHttp.Reply reply = preflight(OTHER).send();

      assertThat(reply.status()).isNotIn(200, 204);
      assertThat(reply.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
      assertThat(sandboxRequests()).isEqualTo(before);
    }
  }

  @Nested
  class ActualRequests {
    @Test
    void should_grant_the_allowed_origin_on_a_forwarded_answer() {
      ContractHttp.Reply reply = projects(ALLOWED).asDemo().send();

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
      assertThat(reply.headerElements("Access-Control-Expose-Headers")).contains("Link", "Per-Page", "Total");
      assertThat(reply.headerElements("Vary")).contains("Origin");
      assertThat(reply.header("Link")).as("an exposed header is there to read").isNotNull();
    }

    @Test
    void should_grant_the_allowed_origin_on_the_gateways_own_401() {
      long before = sandboxRequests();

      ContractHttp.Reply reply = projects(ALLOWED).send();

      assertThat(reply.status()).isEqualTo(401);
      assertThat(sandboxRequests()).as("the 401 is the gateway's own").isEqualTo(before);
      assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
      assertThat(reply.headerElements("Access-Control-Expose-Headers")).contains("Link");
      assertThat(reply.headerElements("Vary")).contains("Origin");
    }

    @Test
    void should_add_no_cors_header_when_the_origin_is_not_allowed() {
      ContractHttp.Reply reply = projects(OTHER).asDemo().send();

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }
  }
}
