package org.csgateway.app.e2e.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import org.csgateway.app.e2e.ratelimit.GatewayCaller.Reply;
import org.csgateway.app.e2e.ratelimit.RateLimitFields.Member;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestClock;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.core.ratelimit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 6, "headers parse as structured fields and agree with what actually happens next": {@code RateLimit-Policy}
 * and {@code RateLimit} read from real answers with a structured-field parser count down request by request, the
 * request after {@code r=0} is refused with 429, and {@code Retry-After} (and {@code t}) say exactly when the next
 * request passes: one second earlier it is still refused, at that moment it is admitted. Policy: 3 per hour, so
 * each unit takes 1,200 s to come back.
 */
@ExtendWith(VertxExtension.class)
class RateLimitHeadersTest {
  private static final long QUOTA = 3;
  private static final long EMISSION_SECONDS = 3600 / QUOTA;
  private static final String POLICY = """
      rateLimit:
        %s
        policies:
          - {name: caller, rate: 3, period: 1h, key: principal}
      """;
  private static final String GATEWAY = """
      server: {host: 127.0.0.1, port: 0, instances: 1}
      admin: {host: 127.0.0.1, port: 0}
      sandbox: {enabled: true}
      auth: {basic: {hmacSecret: "one-secret-for-every-instance"}}
      """;

  private final TestClock clock = new TestClock();
  private RedisServer redis;
  private TestGateway gateway;
  private GatewayCaller caller;
  private String bearer;

  @AfterEach
  void stop() {
    Cleanup.closeAll(caller, gateway, redis);
  }

  private void start(Vertx vertx, String store) {
    String storeYaml = "store: local";
    if (store.equals("redis")) {
      assumeTrue(RedisServer.installed(), "redis-server is not installed");
      redis = RedisServer.start();
      storeYaml = "store: redis\n  redis: {url: \"" + redis.url() + "\", commandTimeout: 5s, onUnavailable: deny}";
    }
    gateway = TestGateway.start(vertx, GATEWAY + POLICY.formatted(storeYaml), clock.clocks());
    caller = new GatewayCaller(vertx, gateway.ports().proxy(), 2);
    bearer = "Bearer " + gateway.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
  }

  /** Redis decides by its own TIME (the gateway's clock plays no part), so only the count-down is checked there. */
  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void should_count_down_in_structured_fields_and_refuse_right_after_zero_when_the_allowance_is_spent(
      String store, Vertx vertx) {
    start(vertx, store);

    for (long used = 1; used <= QUOTA; used++) {
      Reply reply = project();
      assertThat(reply.status()).isEqualTo(200);
      assertPolicy(reply);
      Member limit = RateLimitFields.single(reply.header("RateLimit"));
      assertThat(limit.policy()).isEqualTo("caller");
      assertThat(limit.integer("r")).as("remaining after %d", used).isEqualTo(QUOTA - used);
      // t: until the allowance is full again; Redis's clock moves on by a little, rounded up
      assertThat(limit.integer("t")).isBetween(used * EMISSION_SECONDS - 1, used * EMISSION_SECONDS);
    }
    for (int refusal = 0; refusal < 3; refusal++) {
      Reply refused = project();
      assertThat(refused.status()).isEqualTo(429);
      assertPolicy(refused);
      Member limit = RateLimitFields.single(refused.header("RateLimit"));
      assertThat(limit.integer("r")).isZero();
      long retryAfter = Long.parseLong(refused.header("Retry-After"));
      assertThat(retryAfter).isGreaterThanOrEqualTo(limit.integer("t"))
          .isBetween(EMISSION_SECONDS - 1, EMISSION_SECONDS);
      assertThat(refused.json().getJsonArray("errors").getString(0)).isNotBlank();
    }
    assertThat(gateway.sandbox().stats().routeRequests("GET /api/projects")).isEqualTo(QUOTA);
  }

  @Test
  void should_admit_exactly_when_retry_after_and_t_say_when_time_moves(Vertx vertx) {
    start(vertx, "local");
    for (int i = 0; i < QUOTA; i++) {
      assertThat(project().status()).isEqualTo(200);
    }
    Reply refused = project();
    assertThat(refused.status()).isEqualTo(429);
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertThat(RateLimitFields.single(refused.header("RateLimit")).integer("t")).isEqualTo(retryAfter);

    clock.advance(Duration.ofSeconds(retryAfter - 1));
    Reply early = project();
    assertThat(early.status()).as("one second before Retry-After").isEqualTo(429);
    assertThat(early.header("Retry-After")).isEqualTo("1");

    clock.advance(Duration.ofSeconds(1));
    Reply onTime = project();
    assertThat(onTime.status()).as("at Retry-After, in spite of the refusals meanwhile").isEqualTo(200);
    Member limit = RateLimitFields.single(onTime.header("RateLimit"));
    assertThat(limit.integer("r")).isZero();
    assertThat(project().status()).as("r=0 means the next one is refused").isEqualTo(429);

    clock.advance(Duration.ofSeconds(limit.integer("t")));
    Reply full = project();
    assertThat(full.status()).isEqualTo(200);
    assertThat(RateLimitFields.single(full.header("RateLimit")).integer("r"))
        .as("t seconds later the whole allowance is back").isEqualTo(QUOTA - 1);
  }

  private Reply project() {
    return caller.get("/api/projects?per_page=1", "Authorization", bearer, "Accept", "application/json");
  }

  private static void assertPolicy(Reply reply) {
    Member policy = RateLimitFields.single(reply.header("RateLimit-Policy"));
    assertThat(policy.policy()).isEqualTo("caller");
    assertThat(policy.integer("q")).isEqualTo(QUOTA);
    assertThat(policy.integer("w")).isEqualTo(3600);
  }
}
