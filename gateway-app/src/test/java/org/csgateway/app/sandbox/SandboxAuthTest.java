package org.csgateway.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.sandbox.SandboxFixture.basic;
import static org.csgateway.app.sandbox.SandboxFixture.bearer;
import static org.csgateway.app.sandbox.SandboxFixture.demoBasic;
import static org.csgateway.app.sandbox.SandboxIdentities.DEMO_CLIENT_ID;
import static org.csgateway.app.sandbox.SandboxIdentities.DEMO_USER;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Authentication and scope checks as the upstream does them (api.md §2-§3), its hole included. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxAuthTest {
  private static final String INVALID = "Bearer realm=\"ComputeStacks\", error=\"invalid_token\", "
      + "error_description=\"The access token is invalid\"";

  private final SandboxFixture fixture = new SandboxFixture();

  @AfterAll
  void close() {
    fixture.close();
  }

  private HttpResponse<Buffer> projects(String authorization) {
    return fixture.get("/api/projects", "Authorization", authorization);
  }

  @Nested
  class Basic {
    @Test
    void should_grant_full_access_when_the_api_credentials_are_right() {
      assertThat(projects(demoBasic()).statusCode()).isEqualTo(200);
    }

    @Test
    void should_answer_401_not_authorized_without_www_authenticate_when_the_credentials_are_wrong() {
      HttpResponse<Buffer> response = projects(basic(SandboxIdentities.DEMO_API_KEY, "nope"));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.bodyAsString()).isEqualTo("{\"errors\":[\"Not Authorized\"]}");
      assertThat(response.getHeader("WWW-Authenticate")).isNull();
    }

    @Test
    void should_answer_401_when_the_header_only_mentions_basic() {
      assertThat(projects("Basic").statusCode()).isEqualTo(401);
      assertThat(projects("Bearer Basic-looking-token").statusCode()).isEqualTo(401);
    }

    @Test
    void should_not_add_the_deprecation_header_when_basic_authentication_fails() {
      HttpResponse<Buffer> response = fixture.get("/api/projects", "Authorization", basic("x", "y"),
          "Accept", "application/json; api_version=65");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("API-Deprecated")).isNull();
    }
  }

  @Nested
  class UserTokens {
    @Test
    void should_skip_every_scope_check_when_the_token_has_a_user() {
      String token = fixture.sandbox.issueUserToken(DEMO_USER, Set.of("public"));

      HttpResponse<Buffer> response = projects(bearer(token));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Total")).isEqualTo("75");
    }

    @Test
    void should_still_resolve_the_user_when_the_token_expired() {
      String token = fixture.sandbox.issueUserToken(DEMO_USER, DEMO_CLIENT_ID, Set.of("project_read"),
          Duration.ofSeconds(60));
      fixture.clock.advance(Duration.ofSeconds(61));

      assertThat(projects(bearer(token)).statusCode()).isEqualTo(200);
      assertThat(fixture.get("/api/oauth/token/info", "Authorization", bearer(token)).statusCode()).isEqualTo(401);
    }

    @Test
    void should_still_resolve_the_user_when_the_token_was_revoked() {
      String token = fixture.sandbox.issueUserToken(DEMO_USER, Set.of("project_read"));
      fixture.sandbox.revokeToken(token);

      assertThat(projects(bearer(token)).statusCode()).isEqualTo(200);
    }

    @Test
    void should_find_the_token_in_the_access_token_and_bearer_token_parameters() {
      String token = fixture.sandbox.issueUserToken(SandboxIdentities.OTHER_USER, Set.of("public"));

      assertThat(fixture.get("/api/projects?access_token=" + token).getHeader("Total")).isEqualTo("5");
      HttpResponse<Buffer> viaForm = fixture.sendForm("/api/orders",
          MultiMap.caseInsensitiveMultiMap().add("bearer_token", token).add("project_name", "by-form"));
      assertThat(viaForm.statusCode()).isEqualTo(201);
      assertThat(fixture.get("/api/projects?bearer_token=" + token).getHeader("Total")).isEqualTo("6");
    }
  }

  @Nested
  class ClientTokens {
    @Test
    void should_answer_403_with_an_empty_body_when_the_scope_is_missing() {
      String token = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("public"));

      HttpResponse<Buffer> response = projects(bearer(token));

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).isNull();
      assertThat(response.getHeader("WWW-Authenticate")).isNull();
    }

    @Test
    void should_show_only_public_images_when_the_token_has_the_public_scope() {
      String token = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("public"));

      HttpResponse<Buffer> response = fixture.get("/api/container_images", "Authorization", bearer(token));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Total")).isEqualTo("12");
      assertThat(response.bodyAsJsonObject().getJsonArray("container_images").stream()
          .map(o -> ((JsonObject) o).getValue("user_id"))).containsOnlyNulls();
      assertThat(fixture.get("/api/container_images/" + SandboxIdentities.IN_USE_IMAGE_ID,
          "Authorization", bearer(token)).statusCode()).isEqualTo(404);
    }

    @Test
    void should_answer_401_expired_when_the_token_is_too_old() {
      String token = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("public"), Duration.ofSeconds(10));
      fixture.clock.advance(Duration.ofSeconds(11));

      HttpResponse<Buffer> response = fixture.get("/api/container_images", "Authorization", bearer(token));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).isNull();
      assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"ComputeStacks\", "
          + "error=\"invalid_token\", error_description=\"The access token expired\"");
    }

    @Test
    void should_answer_401_revoked_when_the_token_was_revoked() {
      String token = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("public"));
      fixture.sandbox.revokeToken(token);

      assertThat(fixture.get("/api/container_images", "Authorization", bearer(token)).getHeader("WWW-Authenticate"))
          .contains("error_description=\"The access token was revoked\"");
    }

    @Test
    void should_need_one_of_the_scopes_when_the_route_accepts_any() {
      String images = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("images_read"));

      assertThat(fixture.get("/api/container_images", "Authorization", bearer(images)).statusCode()).isEqualTo(200);
      assertThat(fixture.get("/api/version", "Authorization", bearer(images)).statusCode()).isEqualTo(403);
    }

    @Test
    void should_need_every_scope_when_the_route_checks_them_all() {
      String readOnly = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("dns_read"));
      String both = fixture.sandbox.issueClientToken(DEMO_CLIENT_ID, Set.of("dns_read", "dns_write"));

      assertThat(fixture.get("/api/zones/1/collaborators", "Authorization", bearer(readOnly)).statusCode())
          .isEqualTo(403);
      // both scopes pass the filters; without a user the zone lookup finds nothing (find_for(nil) is nil)
      assertThat(fixture.get("/api/zones/1/collaborators", "Authorization", bearer(both)).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void should_answer_401_with_www_authenticate_and_no_body_when_no_credential_is_sent() {
    HttpResponse<Buffer> response = fixture.get("/api/projects");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isNull();
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo(INVALID);
  }

  @Test
  void should_answer_401_invalid_when_the_token_is_unknown() {
    assertThat(projects(bearer("no-such-token")).getHeader("WWW-Authenticate")).isEqualTo(INVALID);
  }

  @Test
  void should_answer_options_with_200_and_no_body_without_credentials() {
    HttpResponse<Buffer> response = fixture.send(HttpMethod.OPTIONS, "/api/projects");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isNull();
  }

  @Test
  void should_serve_the_system_namespace_without_any_authentication() {
    assertThat(fixture.get("/api/system/events").statusCode()).isEqualTo(200);
    assertThat(fixture.send(HttpMethod.POST, "/api/system/alert_notifications").statusCode()).isEqualTo(202);
  }

  @Test
  void should_require_an_admin_user_when_the_route_is_an_admin_route() {
    HttpResponse<Buffer> demo = fixture.get("/api/admin/users", "Authorization", demoBasic());
    HttpResponse<Buffer> admin = fixture.get("/api/admin/users", "Authorization",
        basic(SandboxIdentities.ADMIN_API_KEY, SandboxIdentities.ADMIN_API_SECRET));

    assertThat(demo.statusCode()).isEqualTo(401);
    assertThat(demo.bodyAsString()).isEqualTo("{\"errors\":[\"Not Authorized\"]}");
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(admin.getHeader("Total")).isEqualTo("3");
  }

  @Test
  void should_answer_401_on_unknown_paths_when_basic_credentials_are_wrong() {
    assertThat(fixture.get("/api/nowhere", "Authorization", basic("a", "b")).statusCode()).isEqualTo(401);
    assertThat(fixture.get("/api/nowhere", "Authorization", demoBasic()).statusCode()).isEqualTo(404);
  }
}
