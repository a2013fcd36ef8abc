package org.csgateway.app.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.csgateway.app.e2e.cache.CacheGateway.DEMO;
import static org.csgateway.app.e2e.cache.CacheGateway.OTHER;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.csgateway.app.e2e.cache.CacheHttp.Caller;
import org.csgateway.app.e2e.cache.CacheHttp.Reply;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5, "hits still pass authentication, scope checks and the caller's rate limit; they never touch the
 * upstream": every request here is for a page that is in the cache, and the refusals come from the gateway.
 */
@ExtendWith(VertxExtension.class)
class CacheHitGuardsE2ETest {
  private static final String PAGE = "/api/projects?per_page=2";
  /** Each caller may make this many requests; the fake clock never refills the allowance. */
  private static final int LIMIT = 4;

  private CacheGateway gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = CacheGateway.start(vertx, """
        cache: {enabled: true, families: {projects: 5m}}
        rateLimit:
          policies:
            - {name: tight, rate: %d, period: 1h, key: principal}
        """.formatted(LIMIT));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void should_answer_429_when_the_caller_is_over_its_limit_even_though_the_page_is_cached() {
    assertThat(gateway.get(PAGE, DEMO).cache()).isEqualTo("MISS");
    for (int i = 2; i <= LIMIT; i++) {
      assertThat(gateway.get(PAGE, DEMO).cache()).as("request %d", i).isEqualTo("HIT");
    }

    Reply limited = gateway.get(PAGE, DEMO);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotBlank();
    assertThat(limited.cache()).isNull();
    assertThat(limited.json().getJsonArray("errors")).isNotEmpty();
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(1);
    assertThat(gateway.get(PAGE, OTHER).status()).as("another caller's allowance").isEqualTo(200);
  }

  @Test
  void should_answer_401_on_a_cached_page_when_the_token_was_revoked_through_the_gateway() {
    String token = gateway.userToken(SandboxIdentities.DEMO_USER, "project_read");
    Caller holder = Caller.bearer("demo token", token);
    assertThat(gateway.get(PAGE, holder).cache()).isEqualTo("MISS");
    assertThat(gateway.get(PAGE, holder).cache()).isEqualTo("HIT");

    Reply revoked = gateway.send(HttpMethod.POST, "/api/oauth/revoke",
        Caller.basic(SandboxIdentities.DEMO_CLIENT_ID, SandboxIdentities.DEMO_CLIENT_SECRET),
        new JsonObject().put("token", token));
    assertThat(revoked.status()).isEqualTo(200);
    Reply refused = gateway.get(PAGE, holder);

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.cache()).isNull();
    assertThat(refused.body().toString()).doesNotContain("projects");
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(1);
  }

  @Test
  void should_answer_401_on_a_cached_page_when_the_token_is_unknown() {
    assertThat(gateway.get(PAGE, DEMO).cache()).isEqualTo("MISS");

    Reply refused = gateway.get(PAGE, Caller.bearer("made up", "not-a-token-the-sandbox-issued"));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.cache()).isNull();
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(1);
  }

  @Test
  void should_answer_403_when_a_token_of_the_same_user_lacks_the_scope_of_the_cached_page() {
    Caller reader = Caller.bearer("reader", gateway.userToken(SandboxIdentities.DEMO_USER, "project_read"));
    Caller profileOnly = Caller.bearer("profile", gateway.userToken(SandboxIdentities.DEMO_USER, "profile_read"));
    assertThat(gateway.get(PAGE, reader).cache()).isEqualTo("MISS");
    assertThat(gateway.get(PAGE, reader).cache()).isEqualTo("HIT");

    // The sandbox, like the upstream, skips scope checks for user tokens: only the gateway can refuse this.
    Reply refused = gateway.get(PAGE, profileOnly);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.header("WWW-Authenticate")).contains("insufficient_scope");
    assertThat(refused.cache()).isNull();
    assertThat(gateway.upstreamGets("/api/projects")).isEqualTo(1);
  }
}
