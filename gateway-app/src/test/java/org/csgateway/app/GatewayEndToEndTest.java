package org.csgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.csgateway.app.sandbox.RecordedRequest;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole gateway in-process in front of the sandbox, on free ports, with the bundled route table. */
@ExtendWith(VertxExtension.class)
class GatewayEndToEndTest {
  private static final String UNKNOWN = "Unknown API Call. Please check the documentation.";

  private static TestGateway gateway;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 2}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        """);
    client = gateway.client();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void forgetRequests() {
    gateway.sandbox().clearRecordedRequests();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String uri) {
    return client.request(method, uri)
        .basicAuthentication(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET)
        .putHeader("Accept", "application/json")
        .send().await();
  }

  private static List<String> forwardedUris() {
    return gateway.sandbox().recentRequests().stream().map(RecordedRequest::uri).toList();
  }

  @Nested
  class Forwarding {
    @Test
    void should_return_the_page_with_links_to_the_gateway_when_a_basic_caller_lists_projects() {
      HttpResponse<Buffer> response = send(HttpMethod.GET, "/api/projects?per_page=5");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getJsonArray("projects")).hasSize(5);
      assertThat(response.getHeader("Per-Page")).isEqualTo("5");
      String link = response.getHeader("Link");
      assertThat(link).contains("rel=\"next\"").contains("<" + gateway.baseUrl() + "/api/projects?");
      assertThat(link).doesNotContain(":" + gateway.ports().sandbox() + "/");
      assertThat(forwardedUris()).as("pagination made explicit").containsExactly("/api/projects?page=1&per_page=5");
    }

    @Test
    void should_forward_a_route_with_a_format_suffix_when_it_matches_the_table() {
      HttpResponse<Buffer> response = send(HttpMethod.GET, "/api/projects.json?per_page=1");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(forwardedUris()).containsExactly("/api/projects.json?page=1&per_page=1");
    }

    @Test
    void should_issue_a_token_and_accept_it_when_the_demo_client_uses_the_password_grant() {
      HttpResponse<Buffer> token = client.post("/api/oauth/token")
          .basicAuthentication(SandboxIdentities.DEMO_CLIENT_ID, SandboxIdentities.DEMO_CLIENT_SECRET)
          .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap()
              .add("grant_type", "password")
              .add("username", SandboxIdentities.DEMO_API_KEY)
              .add("password", SandboxIdentities.DEMO_API_SECRET)
              .add("scope", "project_read"))
          .await();
      assertThat(token.statusCode()).isEqualTo(200);
      String accessToken = token.bodyAsJsonObject().getString("access_token");

      HttpResponse<Buffer> projects = client.get("/api/projects?per_page=2")
          .bearerTokenAuthentication(accessToken).putHeader("Accept", "application/json").send().await();
      assertThat(projects.statusCode()).isEqualTo(200);
      assertThat(projects.bodyAsJsonObject().getJsonArray("projects")).hasSize(2);
    }
  }

  @Nested
  class Refusing {
    @ParameterizedTest
    @ValueSource(strings = {"/api/system/events", "/api/%73ystem/events", "/api%2Fsystem/events",
        "/api//system/events", "/api/SYSTEM/events.json", "/api/stacks/load_balancers"})
    void should_refuse_the_internal_namespaces_without_reaching_the_upstream_when_spelled_any_way(String path) {
      for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
        HttpResponse<Buffer> response = send(method, path);
        assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(404);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("errors", List.of(UNKNOWN)));
      }
      assertThat(forwardedUris()).isEmpty();
    }

    @Test
    void should_answer_404_at_the_gateway_when_the_path_is_not_in_the_table() {
      HttpResponse<Buffer> response = send(HttpMethod.GET, "/api/not_a_resource");
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.getHeader("Content-Type")).startsWith("application/json");
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("errors", List.of(UNKNOWN)));
      assertThat(forwardedUris()).isEmpty();
    }

    @Test
    void should_answer_405_with_allow_when_the_method_is_not_routed() {
      HttpResponse<Buffer> response = send(HttpMethod.DELETE, "/api/version");
      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD, OPTIONS");
      assertThat(forwardedUris()).isEmpty();
    }

    @Test
    void should_answer_400_when_the_path_tries_to_climb_out() {
      HttpResponse<Buffer> response = send(HttpMethod.GET, "/api/projects/..%2F..%2Fsystem/events");
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonArray("errors").getString(0)).contains("dot segment");
      assertThat(forwardedUris()).isEmpty();
    }
  }

  @Nested
  class Admin {
    @Test
    void should_report_live_and_ready_when_the_gateway_has_started() {
      HttpResponse<Buffer> live = gateway.admin().get("/health/live").send().await();
      HttpResponse<Buffer> ready = gateway.admin().get("/health/ready").send().await();
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
      assertThat(gateway.ports().admin()).isNotIn(gateway.ports().proxy(), gateway.ports().sandbox());
    }
  }
}
