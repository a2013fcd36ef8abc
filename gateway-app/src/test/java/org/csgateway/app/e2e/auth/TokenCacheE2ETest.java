package org.csgateway.app.e2e.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.auth.AuthGateway.basic;
import static org.csgateway.app.e2e.auth.AuthGateway.bearer;
import static org.csgateway.app.e2e.auth.AuthGateway.segment;
import static org.csgateway.app.e2e.auth.Refusals.assertInvalidToken;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.csgateway.app.sandbox.SandboxFault;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The validation cache seen from outside: one token-info call for a burst of requests with a new token, and a
 * token revoked at the authorization server stops working within {@code auth.cache.maxTtl}, or at once after an
 * admin eviction or a revocation through the gateway. Token-info calls are counted at the sandbox.
 */
class TokenCacheE2ETest extends OneGatewayPerClass {
  private static final Duration MAX_TTL = Duration.ofSeconds(30);

  @Override
  protected String moreYaml(Vertx vertx) {
    return """
        auth:
          cache: {maxTtl: 30s, negativeTtl: 10s, expirySkew: 5s}
        """;
  }

  private long tokenInfoCalls() {
    return gw.sandbox.stats().tokenInfoCalls();
  }

  /** A fresh project_read token, validated and cached by one request, then revoked at the sandbox. */
  private String cachedThenRevokedAtTheSandbox() {
    String token = gw.demoToken("project_read");
    assertThat(gw.get("/api/projects", bearer(token)).statusCode()).isEqualTo(200);
    assertThat(gw.sandbox.revokeToken(token)).isTrue();
    return token;
  }

  @Test
  void should_ask_the_authorization_server_once_when_100_requests_bring_the_same_new_token() {
    String token = gw.demoToken("project_read");
    long before = tokenInfoCalls();
    // hold the one validation long enough that all 100 requests arrive while it is in flight
    gw.sandbox.faults().add(SandboxFault.delay(Duration.ofMillis(500)).times(1).onPath(AuthGateway.TOKEN_INFO));

    List<HttpResponse<Buffer>> responses = gw.getConcurrently(100, "/api/projects", bearer(token));

    assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
    assertThat(tokenInfoCalls() - before).isEqualTo(1);
  }

  @Nested
  class Revocation {
    @Test
    void should_stop_accepting_a_token_revoked_upstream_when_the_maximum_cache_lifetime_has_passed() {
      String token = cachedThenRevokedAtTheSandbox();
      long before = tokenInfoCalls();

      gw.time.advance(MAX_TTL.minusSeconds(1));
      HttpResponse<Buffer> stillCached = gw.get("/api/projects", bearer(token));
      gw.time.advance(Duration.ofSeconds(1));
      HttpResponse<Buffer> afterMaxTtl = gw.get("/api/projects", bearer(token));

      assertThat(stillCached.statusCode()).as("trusted from the cache within maxTtl").isEqualTo(200);
      assertInvalidToken(afterMaxTtl);
      assertThat(tokenInfoCalls() - before).as("asked again exactly once, at maxTtl").isEqualTo(1);
    }

    @Test
    void should_refuse_a_token_at_once_when_the_admin_evicts_its_hash() {
      String token = cachedThenRevokedAtTheSandbox();
      assertThat(gw.get("/api/projects", bearer(token)).statusCode()).as("still cached").isEqualTo(200);

      HttpResponse<Buffer> evicted = gw.admin(HttpMethod.DELETE, "/auth/tokens/" + sha256(token));

      assertThat(evicted.statusCode()).as("admin answer: %s", evicted.bodyAsString()).isBetween(200, 204);
      assertInvalidToken(gw.get("/api/projects", bearer(token)));
    }

    @Test
    void should_answer_400_when_the_admin_sends_something_else_than_a_hash() {
      HttpResponse<Buffer> response = gw.admin(HttpMethod.DELETE, "/auth/tokens/not-a-hash");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(Refusals.errors(response)).isNotEmpty();
    }

    @Test
    void should_refuse_every_token_of_a_principal_at_once_when_the_admin_evicts_the_principal() {
      String first = cachedThenRevokedAtTheSandbox();
      String second = cachedThenRevokedAtTheSandbox();

      HttpResponse<Buffer> evicted =
          gw.admin(HttpMethod.DELETE, "/auth/principals/" + segment(AuthGateway.DEMO_PRINCIPAL));

      assertThat(evicted.statusCode()).as("admin answer: %s", evicted.bodyAsString()).isBetween(200, 204);
      assertInvalidToken(gw.get("/api/projects", bearer(first)));
      assertInvalidToken(gw.get("/api/projects", bearer(second)));
    }

    @Test
    void should_refuse_a_token_at_once_when_it_is_revoked_through_the_gateway() {
      String token = gw.demoToken("project_read");
      assertThat(gw.get("/api/projects", bearer(token)).statusCode()).isEqualTo(200);

      HttpResponse<Buffer> revoked = gw.postForm("/api/oauth/revoke",
          basic(SandboxIdentities.DEMO_CLIENT_ID, SandboxIdentities.DEMO_CLIENT_SECRET),
          MultiMap.caseInsensitiveMultiMap().add("token", token));

      assertThat(revoked.statusCode()).as("revocation: %s", revoked.bodyAsString()).isEqualTo(200);
      assertInvalidToken(gw.get("/api/projects", bearer(token)));
      assertThat(gw.direct("/api/projects", bearer(token)).statusCode())
          .as("the sandbox alone still answers the revoked user token").isEqualTo(200);
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
