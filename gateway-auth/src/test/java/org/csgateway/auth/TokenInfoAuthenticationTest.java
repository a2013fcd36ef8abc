package org.csgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.csgateway.auth.config.AuthConfig;
import org.csgateway.auth.testing.AuthFixture;
import org.csgateway.auth.testing.TestGateway;
import org.csgateway.auth.token.TokenValidationCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The default {@code computestacks} strategy end to end: real gateway, real token-info server, fake clock. */
@ExtendWith(VertxExtension.class)
class TokenInfoAuthenticationTest {
  private static final Duration TWO_HOURS = Duration.ofHours(2);

  private AuthFixture fx;

  @BeforeEach
  void start(Vertx vertx) {
    fx = AuthFixture.start(vertx);
  }

  private static AuthConfig withTimeout(Duration timeout) {
    AuthConfig defaults = AuthConfig.defaults();
    return new AuthConfig(defaults.strategy(), 401, timeout, defaults.cache(), defaults.basic());
  }

  private String userToken(String... scopes) {
    return fx.server.issue("42", "app-1", Set.of(scopes), TWO_HOURS);
  }

  @Nested
  class Scopes {
    @Test
    void should_answer_403_when_a_user_token_lacks_project_read_on_get_projects() {
      HttpResponse<Buffer> response = fx.getWithToken("/api/projects", userToken("profile_read"));

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.getHeader("WWW-Authenticate"))
          .contains("error=\"insufficient_scope\"").contains("scope=\"project_read\"");
      assertThat(response.bodyAsJsonObject().getJsonArray("errors").getString(0)).contains("project_read");
      assertThat(fx.server.upstreamCalls).hasValue(0);
      assertThat(fx.failures).extracting(AuthFailure::kind).containsExactly(AuthFailure.Kind.INSUFFICIENT_SCOPE);
    }

    @Test
    void should_forward_with_the_user_principal_when_a_user_token_has_project_read() {
      String token = userToken("project_read");

      HttpResponse<Buffer> response = fx.getWithToken("/api/projects", token);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader(TestGateway.PRINCIPAL_HEADER)).isEqualTo("user:42/app:app-1 USER_TOKEN");
      assertThat(fx.server.upstreamHeaders.get(0).get("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void should_let_a_client_token_with_public_read_container_images_and_refuse_it_elsewhere() {
      String token = fx.server.issue(null, "app-7", Set.of("public"), TWO_HOURS);

      HttpResponse<Buffer> images = fx.getWithToken("/api/container_images", token);
      HttpResponse<Buffer> projects = fx.getWithToken("/api/projects", token);
      HttpResponse<Buffer> create = fx.request(HttpMethod.POST, "/api/container_images")
          .bearerTokenAuthentication(token).sendJsonObject(new JsonObject()).await();

      assertThat(images.statusCode()).isEqualTo(200);
      assertThat(images.getHeader(TestGateway.PRINCIPAL_HEADER)).isEqualTo("app:app-7 CLIENT_TOKEN");
      assertThat(projects.statusCode()).isEqualTo(403);
      assertThat(create.statusCode()).isEqualTo(403);
      assertThat(create.getHeader("WWW-Authenticate")).contains("scope=\"images_write\"");
    }

    @Test
    void should_need_every_scope_when_the_route_needs_all() {
      HttpResponse<Buffer> one = fx.getWithToken("/api/zones/1/collaborators", userToken("dns_read"));
      HttpResponse<Buffer> both = fx.getWithToken("/api/zones/1/collaborators", userToken("dns_read", "dns_write"));

      assertThat(one.statusCode()).isEqualTo(403);
      assertThat(one.bodyAsJsonObject().getJsonArray("errors").getString(0))
          .isEqualTo("This request needs all of the scopes dns_read, dns_write");
      assertThat(both.statusCode()).isEqualTo(200);
    }

    @Test
    void should_need_admin_read_on_admin_routes() {
      assertThat(fx.getWithToken("/api/admin/users", userToken("project_read")).statusCode()).isEqualTo(403);
      assertThat(fx.getWithToken("/api/admin/users", userToken("admin_read")).statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class InvalidTokens {
    @Test
    void should_answer_401_with_a_challenge_when_the_token_expired() {
      String token = userToken("project_read");
      fx.clock.advance(TWO_HOURS.plusSeconds(1));

      HttpResponse<Buffer> response = fx.getWithToken("/api/projects", token);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"ComputeStacks\", "
          + "error=\"invalid_token\", error_description=\"The access token expired\"");
      assertThat(response.bodyAsJsonObject().getJsonArray("errors").getString(0)).isEqualTo("The access token expired");
      assertThat(fx.server.upstreamCalls).hasValue(0);
    }

    @Test
    void should_answer_401_when_the_token_was_revoked() {
      String token = userToken("project_read");
      fx.server.revoke(token);

      HttpResponse<Buffer> response = fx.getWithToken("/api/projects/5", token);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("WWW-Authenticate")).contains("The access token was revoked");
      assertThat(fx.failures).extracting(AuthFailure::kind).containsExactly(AuthFailure.Kind.INVALID_TOKEN);
      assertThat(fx.failures.get(0).credentialHash()).isEqualTo(TokenValidationCache.hash(token));
    }

    @Test
    void should_answer_401_with_a_challenge_when_no_credential_is_sent() {
      HttpResponse<Buffer> response = fx.get("/api/projects");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"ComputeStacks\", "
          + "error=\"invalid_token\"");
      assertThat(response.bodyAsJsonObject().getJsonArray("errors")).isNotEmpty();
      assertThat(fx.server.tokenInfoCalls).hasValue(0);
    }

    @Test
    void should_remember_a_refused_token_for_the_negative_lifetime_only() {
      fx.getWithToken("/api/projects", "no-such-token");
      fx.getWithToken("/api/projects", "no-such-token");
      assertThat(fx.server.tokenInfoCalls).hasValue(1);

      fx.clock.advance(Duration.ofSeconds(11));
      fx.getWithToken("/api/projects", "no-such-token");

      assertThat(fx.server.tokenInfoCalls).hasValue(2);
    }
  }

  @Nested
  class Revocation {
    @Test
    void should_refuse_a_revoked_token_no_later_than_the_maximum_lifetime() {
      String token = userToken("project_read");
      assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(200);
      fx.server.revoke(token); // behind the gateway's back, like a new API key in ComputeStacks

      fx.clock.advance(Duration.ofSeconds(59));
      assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(200);
      fx.clock.advance(Duration.ofSeconds(1));

      assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(401);
      assertThat(fx.server.tokenInfoCalls).hasValue(2);
    }

    @Test
    void should_not_cache_a_token_past_its_expiry_minus_the_skew() {
      String token = fx.server.issue("42", "app-1", Set.of("project_read"), Duration.ofSeconds(30));
      assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(200);

      fx.clock.advance(Duration.ofSeconds(25)); // 30s - 5s skew: the cached verdict is gone
      fx.server.revoke(token);

      assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(401);
    }

    @Test
    void should_refuse_a_revoked_token_at_once_after_admin_eviction_by_hash_principal_or_all() {
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String token = fx.server.issue(String.valueOf(100 + i), "app-1", Set.of("project_read"), TWO_HOURS);
        assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(200);
        fx.server.revoke(token);
        tokens.add(token);
      }

      assertThat(fx.auth.admin().evictTokenHash(TokenValidationCache.hash(tokens.get(0)).toUpperCase())).isTrue();
      assertThat(fx.auth.admin().evictPrincipal("user:101/app:app-1")).isEqualTo(1);
      assertThat(fx.getWithToken("/api/projects", tokens.get(2)).statusCode()).isEqualTo(200); // still cached
      assertThat(fx.auth.admin().evictAll()).isPositive();

      for (String token : tokens) {
        assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(401);
      }
    }

    @Test
    void should_refuse_a_token_at_once_after_it_was_revoked_through_the_gateway() {
      String token = userToken("project_read");
      assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(200);

      HttpResponse<Buffer> revoke = fx.request(HttpMethod.POST, "/api/oauth/revoke")
          .basicAuthentication("app-1", "app-secret")
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", token)).await();

      assertThat(revoke.statusCode()).isEqualTo(200);
      assertThat(fx.getWithToken("/api/projects", token).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void should_call_token_info_once_when_100_concurrent_requests_carry_one_new_token(Vertx vertx) {
    // a generous timeout: the one held call must outlive the arrival of all 100 requests on a busy machine
    fx = AuthFixture.start(vertx, server -> withTimeout(Duration.ofSeconds(30)));
    String token = userToken("project_read");
    Promise<Void> release = fx.server.holdTokenInfo();
    Future<Void> allInside = fx.gateway.received(100);

    List<Future<HttpResponse<Buffer>>> responses = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      responses.add(fx.request(HttpMethod.GET, "/api/projects").bearerTokenAuthentication(token).send());
    }
    allInside.await();
    release.complete();

    for (Future<HttpResponse<Buffer>> response : responses) {
      assertThat(response.await().statusCode()).isEqualTo(200);
    }
    assertThat(fx.server.tokenInfoCalls).hasValue(1);
    assertThat(fx.auth.admin().stats().tokenCache().missCount()).isEqualTo(1);
  }

  @Nested
  class CredentialsAndRoutes {
    @Test
    void should_accept_a_token_from_the_access_token_query_parameter_and_forward_the_query_unchanged() {
      String token = userToken("project_read");

      HttpResponse<Buffer> response = fx.get("/api/projects?page=2&access_token=" + token);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(fx.server.upstreamUris).containsExactly("/api/projects?page=2&access_token=" + token);
    }

    @Test
    void should_refuse_a_bearer_token_query_parameter_next_to_a_form_body() {
      String token = fx.server.issue(null, "app-7", Set.of("images_write"), TWO_HOURS);

      HttpResponse<Buffer> response = fx.request(HttpMethod.POST, "/api/container_images?bearer_token=" + token)
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("access_token", "someone-elses")).await();

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(fx.server.upstreamCalls).hasValue(0);
    }

    @Test
    void should_pass_oauth_and_open_routes_untouched_without_learning_from_client_credentials() {
      HttpResponse<Buffer> authcheck = fx.get("/api/user/abc/authcheck");
      for (int i = 0; i < 2; i++) {
        HttpResponse<Buffer> token = fx.request(HttpMethod.POST, "/api/oauth/token")
            .basicAuthentication("client-id", "client-secret")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials")).await();
        assertThat(token.statusCode()).isEqualTo(401); // the fake upstream's answer, passed through
      }

      assertThat(authcheck.statusCode()).isEqualTo(200);
      assertThat(fx.server.upstreamCalls).hasValue(3); // the gateway answered none of them itself
      assertThat(fx.server.upstreamHeaders.get(1).get("Authorization")).startsWith("Basic ");
      assertThat(fx.server.tokenInfoCalls).hasValue(0);
      assertThat(fx.failures).isEmpty();
    }

    @Test
    void should_answer_403_for_a_missing_or_invalid_token_when_configured_like_the_public_docs(Vertx vertx) {
      AuthFixture docs = AuthFixture.start(vertx, server -> {
        AuthConfig defaults = AuthConfig.defaults();
        return new AuthConfig(defaults.strategy(), 403, defaults.timeout(), defaults.cache(), defaults.basic());
      });

      HttpResponse<Buffer> invalid = docs.getWithToken("/api/projects", "no-such-token");
      HttpResponse<Buffer> missing = docs.get("/api/projects");

      assertThat(invalid.statusCode()).isEqualTo(403);
      assertThat(invalid.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
      assertThat(missing.statusCode()).isEqualTo(403);
    }
  }
}
