package org.csgateway.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.sandbox.SandboxFixture.demoBasic;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** VersionCake as ComputeStacks configures it (api.md §4), quirks included. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxVersionTest {
  private final SandboxFixture fixture = new SandboxFixture();

  @AfterAll
  void close() {
    fixture.close();
  }

  @Test
  void should_describe_the_upstream_version_when_asked_for_api_version() {
    HttpResponse<Buffer> response = fixture.get("/api/version", "Authorization", demoBasic());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo(
        "{\"version\":\"9.3.1\",\"api_latest_version\":93,"
            + "\"api_available_versions\":[51,52,53,54,60,61,62,65,70,71,80]}");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "application/json", "application/json; api_version=80", "application/json;api_version=080",
      "application/json; api_version=abc", "application/json; api_version=-5", "text/plain, x/y; api_version=80;"})
  void should_accept_without_deprecation_when_the_version_is_80_or_missing(String accept) {
    HttpResponse<Buffer> response = fixture.get("/api/version", "Authorization", demoBasic(), "Accept", accept);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("API-Deprecated")).isNull();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "application/json; api_version=65", "application/json; api_version=51;", "application/json;api_version=71",
      "application/json; q=0.5; api_version=060"})
  void should_answer_with_api_deprecated_when_the_version_is_deprecated(String accept) {
    HttpResponse<Buffer> response = fixture.get("/api/projects", "Authorization", demoBasic(), "Accept", accept);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("API-Deprecated")).isEqualTo("true");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "application/json; api_version=40|You requested an unsupported version (40)",
      "application/json; api_version=50|You requested an unsupported version (50)",
      "application/json; api_version=93|You requested an unsupported version (93)",
      "application/json; api_version=55;|You requested an unsupported version (55;)",
      "application/json;api_version=81|You requested an unsupported version (81)",
      "application/json; api_version=99; charset=utf-8|You requested an unsupported version (utf-8)",
      "application/json; api_version=99999999999|You requested an unsupported version (99999999999)"})
  void should_refuse_with_422_and_the_upstream_message_quirk_when_the_version_is_unsupported(String accept,
      String message) {
    HttpResponse<Buffer> response = fixture.get("/api/projects", "Authorization", demoBasic(), "Accept", accept);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.getHeader("API-Version-Supported")).isEqualTo("false");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("errors",
        new io.vertx.core.json.JsonArray().add(message)));
  }

  @Test
  void should_check_the_version_before_authentication_when_credentials_are_bad() {
    HttpResponse<Buffer> response = fixture.get("/api/projects", "Authorization",
        SandboxFixture.basic("demo-api-key", "wrong"), "Accept", "application/json; api_version=50");

    assertThat(response.statusCode()).isEqualTo(422);
  }

  @Test
  void should_check_the_version_on_unknown_paths_and_options_too() {
    String bad = "application/json; api_version=93";
    assertThat(fixture.get("/api/nothing/here", "Accept", bad).statusCode()).isEqualTo(422);
    assertThat(fixture.send(HttpMethod.OPTIONS, "/api/projects", "Accept", bad).statusCode()).isEqualTo(422);
    assertThat(fixture.get("/api/nothing/here").bodyAsJsonObject().getJsonArray("errors").getString(0))
        .isEqualTo("Unknown API Call. Please check the documentation.");
  }

  @Test
  void should_answer_404_on_doorkeeper_endpoints_when_the_version_is_unsupported() {
    HttpResponse<Buffer> response = fixture.get("/api/oauth/token/info", "Accept", "application/json; api_version=93");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("API-Version-Supported")).isNull();
  }

  @Test
  void should_count_refused_requests_in_the_total_but_not_on_the_route() {
    fixture.sandbox.stats().reset();

    fixture.get("/api/projects", "Authorization", demoBasic(), "Accept", "application/json; api_version=50");

    assertThat(fixture.sandbox.stats().totalRequests()).isEqualTo(1);
    assertThat(fixture.sandbox.stats().routeRequests("GET /api/projects")).isZero();
  }

  @Test
  void should_ignore_the_query_and_other_headers_when_it_extracts_the_version() {
    HttpResponse<Buffer> response = fixture.get("/api/version?api_version=93", "Authorization", demoBasic(),
        "X-Api-Version", "93", "Content-Type", "application/json; api_version=93");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void should_read_every_accept_header_line_when_several_are_sent() {
    HttpResponse<Buffer> response = fixture.client.get("/api/version")
        .putHeader("Authorization", demoBasic())
        .putHeader("Accept", java.util.List.of("text/html", "application/json; api_version=65"))
        .send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("API-Deprecated")).isEqualTo("true");
  }

  @Test
  void should_let_a_client_token_with_public_read_the_version() {
    String token = fixture.sandbox.issueClientToken(SandboxIdentities.DEMO_CLIENT_ID, Set.of("public"));

    assertThat(fixture.get("/api/version", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
  }
}
