package org.csgateway.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.sandbox.SandboxFixture.basic;
import static org.csgateway.app.sandbox.SandboxFixture.bearer;
import static org.csgateway.app.sandbox.SandboxIdentities.*;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Doorkeeper endpoints as ComputeStacks configures them (api.md §3.2), with a fake clock. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxOAuthTest {
  private static final String DEMO_CLIENT = basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
  private static final String OTHER_CLIENT = basic(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET);

  private final SandboxFixture fixture = new SandboxFixture();

  @AfterAll
  void close() {
    fixture.close();
  }

  private static MultiMap form(String... pairs) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      form.add(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  private HttpResponse<Buffer> token(String clientAuthorization, String... pairs) {
    return clientAuthorization == null
        ? fixture.sendForm("/api/oauth/token", form(pairs))
        : fixture.sendForm("/api/oauth/token", form(pairs), "Authorization", clientAuthorization);
  }

  private JsonObject passwordToken(String scope) {
    HttpResponse<Buffer> response = token(DEMO_CLIENT, "grant_type", "password", "username", DEMO_API_KEY,
        "password", DEMO_API_SECRET, "scope", scope);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> info(String token) {
    return fixture.get("/api/oauth/token/info", "Authorization", bearer(token));
  }

  @Nested
  class TokenEndpoint {
    @Test
    void should_issue_a_public_client_token_without_refresh_token_when_no_scope_is_asked() {
      HttpResponse<Buffer> response = token(DEMO_CLIENT, "grant_type", "client_credentials");

      JsonObject body = response.bodyAsJsonObject();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
      assertThat(body.fieldNames()).containsExactly("access_token", "token_type", "expires_in", "scope", "created_at");
      assertThat(body.getString("token_type")).isEqualTo("Bearer");
      assertThat(body.getLong("expires_in")).isEqualTo(7200);
      assertThat(body.getString("scope")).isEqualTo("public");
      assertThat(body.getLong("created_at")).isEqualTo(fixture.clock.instant().getEpochSecond());
    }

    @Test
    void should_accept_client_credentials_as_form_parameters_too() {
      HttpResponse<Buffer> response = token(null, "grant_type", "client_credentials", "client_id", OTHER_CLIENT_ID,
          "client_secret", OTHER_CLIENT_SECRET, "scope", "public register");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("scope")).isEqualTo("public register");
    }

    @Test
    void should_refuse_403_unauthorized_client_when_a_client_token_asks_for_more_than_public_and_register() {
      HttpResponse<Buffer> response = token(DEMO_CLIENT, "grant_type", "client_credentials", "scope", "project_read");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized_client");
    }

    @Test
    void should_refuse_400_invalid_scope_when_a_scope_is_not_configured() {
      HttpResponse<Buffer> response = token(DEMO_CLIENT, "grant_type", "client_credentials", "scope", "projects_read");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_scope");
    }

    @Test
    void should_refuse_401_invalid_client_with_www_authenticate_when_the_client_secret_is_wrong() {
      HttpResponse<Buffer> response = token(basic(DEMO_CLIENT_ID, "wrong"), "grant_type", "client_credentials");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_client");
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"ComputeStacks\", "
          + "error=\"invalid_client\"");
    }

    @Test
    void should_refuse_400_when_the_grant_type_is_missing_or_unknown() {
      assertThat(token(DEMO_CLIENT).bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
      assertThat(token(DEMO_CLIENT, "grant_type", "implicit").bodyAsJsonObject().getString("error"))
          .isEqualTo("unsupported_grant_type");
    }

    @Test
    void should_issue_a_user_token_with_a_refresh_token_when_the_password_grant_succeeds() {
      JsonObject body = passwordToken("project_read order_read");

      assertThat(body.getString("refresh_token")).hasSize(43);
      assertThat(body.getString("scope")).isEqualTo("project_read order_read");
      assertThat(info(body.getString("access_token")).bodyAsJsonObject().getLong("resource_owner_id"))
          .isEqualTo(DEMO_USER_ID);
    }

    @Test
    void should_refuse_400_invalid_grant_when_the_password_is_wrong() {
      HttpResponse<Buffer> response = token(DEMO_CLIENT, "grant_type", "password", "username", DEMO_API_KEY,
          "password", "nope");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_grant");
    }

    @Test
    void should_give_admin_scopes_only_to_the_admin_user() {
      HttpResponse<Buffer> demo = token(DEMO_CLIENT, "grant_type", "password", "username", DEMO_API_KEY,
          "password", DEMO_API_SECRET, "scope", "admin_read");
      HttpResponse<Buffer> admin = token(DEMO_CLIENT, "grant_type", "password", "username", ADMIN_API_KEY,
          "password", ADMIN_API_SECRET, "scope", "admin_read admin_write");

      assertThat(demo.statusCode()).isEqualTo(403);
      assertThat(demo.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized_client");
      assertThat(admin.statusCode()).isEqualTo(200);
    }

    @Test
    void should_rotate_the_refresh_token_and_revoke_the_old_token_when_refreshing() {
      JsonObject first = passwordToken("project_read");

      HttpResponse<Buffer> refreshed = token(DEMO_CLIENT, "grant_type", "refresh_token", "refresh_token",
          first.getString("refresh_token"));
      HttpResponse<Buffer> reused = token(DEMO_CLIENT, "grant_type", "refresh_token", "refresh_token",
          first.getString("refresh_token"));

      assertThat(refreshed.statusCode()).isEqualTo(200);
      JsonObject second = refreshed.bodyAsJsonObject();
      assertThat(second.getString("refresh_token")).isNotEqualTo(first.getString("refresh_token"));
      assertThat(second.getString("scope")).isEqualTo("project_read");
      assertThat(reused.statusCode()).isEqualTo(400);
      assertThat(reused.bodyAsJsonObject().getString("error")).isEqualTo("invalid_grant");
      assertThat(info(first.getString("access_token")).statusCode()).isEqualTo(401);
      assertThat(info(second.getString("access_token")).statusCode()).isEqualTo(200);
    }

    @Test
    void should_refuse_a_refresh_by_another_application() {
      JsonObject first = passwordToken("public");

      HttpResponse<Buffer> response = token(OTHER_CLIENT, "grant_type", "refresh_token", "refresh_token",
          first.getString("refresh_token"));

      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_grant");
    }

    @Test
    void should_accept_a_json_body() {
      HttpResponse<Buffer> response = fixture.sendJson(io.vertx.core.http.HttpMethod.POST, "/api/oauth/token",
          new JsonObject().put("grant_type", "client_credentials").put("client_id", DEMO_CLIENT_ID)
              .put("client_secret", DEMO_CLIENT_SECRET).encode());

      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    }
  }

  @Nested
  class TokenInfo {
    @Test
    void should_describe_a_valid_token_with_its_remaining_lifetime_by_the_clock() {
      String token = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("public"));
      fixture.clock.advance(Duration.ofSeconds(200));

      HttpResponse<Buffer> response = info(token);

      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getValue("resource_owner_id")).isNull();
      assertThat(body.getJsonArray("scope")).isEqualTo(new JsonArray().add("public"));
      assertThat(body.getLong("expires_in")).isEqualTo(7000);
      assertThat(body.getJsonObject("application").getString("uid")).isEqualTo(DEMO_CLIENT_ID);
    }

    @Test
    void should_answer_401_invalid_token_when_the_token_expired_by_the_clock() {
      String token = passwordToken("public").getString("access_token");
      fixture.clock.advance(Duration.ofSeconds(7201));

      HttpResponse<Buffer> response = info(token);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "invalid_token")
          .put("error_description", "The access token expired"));
      assertThat(response.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void should_still_accept_a_token_at_the_exact_second_it_expires() {
      String token = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("public"), Duration.ofSeconds(30));
      fixture.clock.advance(Duration.ofSeconds(30));

      assertThat(info(token).statusCode()).isEqualTo(200);
    }

    @Test
    void should_count_every_call() {
      long before = fixture.sandbox.stats().tokenInfoCalls();

      info("unknown");
      info("unknown");

      assertThat(fixture.sandbox.stats().tokenInfoCalls()).isEqualTo(before + 2);
    }
  }

  @Nested
  class Introspection {
    private HttpResponse<Buffer> introspect(String clientAuthorization, String token) {
      return fixture.sendForm("/api/oauth/introspect", form("token", token), "Authorization", clientAuthorization);
    }

    @Test
    void should_report_a_token_of_the_same_application_as_active() {
      String token = passwordToken("project_read dns_read").getString("access_token");
      long before = fixture.sandbox.stats().introspectionCalls();

      JsonObject body = introspect(DEMO_CLIENT, token).bodyAsJsonObject();

      assertThat(body.getBoolean("active")).isTrue();
      assertThat(body.getString("scope")).isEqualTo("project_read dns_read"); // Doorkeeper keeps the asked order
      assertThat(body.getString("client_id")).isEqualTo(DEMO_CLIENT_ID);
      assertThat(body.getString("token_type")).isEqualTo("Bearer");
      assertThat(body.getLong("exp") - body.getLong("iat")).isEqualTo(7200);
      assertThat(fixture.sandbox.stats().introspectionCalls()).isEqualTo(before + 1);
    }

    @Test
    void should_report_scopes_sorted_when_a_test_issued_the_token_from_a_set() {
      String token = fixture.sandbox.issueUserToken(DEMO_USER, Set.of("project_read", "dns_read", "order_read"));

      assertThat(introspect(DEMO_CLIENT, token).bodyAsJsonObject().getString("scope"))
          .isEqualTo("dns_read order_read project_read");
    }

    @Test
    void should_report_inactive_when_the_token_belongs_to_another_application_or_is_revoked() {
      String token = fixture.sandbox.issueUserToken(DEMO_USER, Set.of("public"));

      assertThat(introspect(OTHER_CLIENT, token).bodyAsString()).isEqualTo("{\"active\":false}");
      fixture.sandbox.revokeToken(token);
      assertThat(introspect(DEMO_CLIENT, token).bodyAsString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void should_refuse_callers_that_do_not_authenticate() {
      HttpResponse<Buffer> anonymous = fixture.sendForm("/api/oauth/introspect", form("token", "x"));
      HttpResponse<Buffer> badClient = introspect(basic(DEMO_CLIENT_ID, "wrong"), "x");

      assertThat(anonymous.statusCode()).isEqualTo(400);
      assertThat(badClient.statusCode()).isEqualTo(401);
      assertThat(badClient.bodyAsJsonObject().getString("error")).isEqualTo("invalid_client");
    }
  }

  @Nested
  class Revocation {
    private HttpResponse<Buffer> revoke(String clientAuthorization, String token) {
      return fixture.sendForm("/api/oauth/revoke", form("token", token), "Authorization", clientAuthorization);
    }

    @Test
    void should_revoke_a_token_of_the_calling_application() {
      String token = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("public"));

      HttpResponse<Buffer> response = revoke(DEMO_CLIENT, token);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsString()).isEqualTo("{}");
      assertThat(info(token).bodyAsJsonObject().getString("error_description"))
          .isEqualTo("The access token was revoked");
    }

    @Test
    void should_refuse_403_when_the_token_belongs_to_another_application() {
      String token = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("public"));

      HttpResponse<Buffer> response = revoke(OTHER_CLIENT, token);

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized_client");
      assertThat(info(token).statusCode()).isEqualTo(200);
    }

    @Test
    void should_answer_200_for_an_unknown_token_and_403_without_client_authentication() {
      assertThat(revoke(DEMO_CLIENT, "never-issued").statusCode()).isEqualTo(200);
      assertThat(fixture.sendForm("/api/oauth/revoke", form("token", "x")).statusCode()).isEqualTo(403);
    }

    @Test
    void should_revoke_the_whole_token_when_given_its_refresh_token() {
      JsonObject issued = passwordToken("public");

      revoke(DEMO_CLIENT, issued.getString("refresh_token"));

      assertThat(info(issued.getString("access_token")).statusCode()).isEqualTo(401);
    }
  }
}
