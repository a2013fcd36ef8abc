package org.csgateway.app.e2e.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.csgateway.app.e2e.ratelimit.GatewayCaller.Reply;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.core.ratelimit.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6, "exactness": two gateway instances share one real redis-server; one caller's burst of 1,000 concurrent
 * requests, split over both, against a limit of 100 per hour (no refill during the test) lets exactly 100 reach the
 * sandbox. With per-instance state the same burst would let 200 through; with a racy check-then-set, more.
 */
@ExtendWith(VertxExtension.class)
class SharedRedisExactnessTest {
  private static final int LIMIT = 100;
  private static final int REQUESTS = 1_000;
  private static final String PROJECTS = "GET /api/projects";

  private RedisServer redis;
  private TestGateway first;
  private TestGateway second;
  private GatewayCaller toFirst;
  private GatewayCaller toSecond;

  @BeforeEach
  void start(Vertx vertx) {
    assumeTrue(RedisServer.installed(), "redis-server is not installed");
    redis = RedisServer.start();
    String limits = """
        auth: {basic: {hmacSecret: "one-secret-for-every-instance"}}
        rateLimit:
          store: redis
          # deny, not local: a slow Redis must never let a request through unshared
          redis: {url: "%s", commandTimeout: 5s, onUnavailable: deny}
          policies:
            - {name: caller, rate: %d, period: 1h, key: principal}
        """.formatted(redis.url(), LIMIT);
    first = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        """ + limits);
    second = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: false}
        upstream: {url: "%s"}
        """.formatted(first.sandbox().baseUrl()) + limits);
    toFirst = new GatewayCaller(vertx, first.ports().proxy(), 64);
    toSecond = new GatewayCaller(vertx, second.ports().proxy(), 64);
  }

  @AfterEach
  void stop() {
    Cleanup.closeAll(toFirst, toSecond, second, first, redis);
  }

  @Test
  void should_admit_exactly_the_limit_when_one_caller_bursts_over_two_instances_sharing_redis() {
    String bearer = "Bearer " + first.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
    warmUp();

    List<Reply> replies = toFirst.burst(REQUESTS, i -> (i % 2 == 0 ? toFirst : toSecond)
        .send(HttpMethod.GET, "/api/projects?per_page=1", "Authorization", bearer, "Accept", "application/json"));

    Map<Integer, Long> byStatus = replies.stream()
        .collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
    assertThat(byStatus).containsOnlyKeys(200, 429).containsEntry(200, (long) LIMIT)
        .containsEntry(429, (long) (REQUESTS - LIMIT));
    assertThat(first.sandbox().stats().routeRequests(PROJECTS)).isEqualTo(LIMIT);
    // one atomic decision each: the admitted requests were told 99, 98, ..., 0 remaining, each exactly once
    assertThat(replies.stream().filter(r -> r.status() == 200)
        .map(r -> RateLimitFields.single(r.header("RateLimit")).integer("r")).sorted().toList())
        .isEqualTo(LongStream.range(0, LIMIT).boxed().toList());
    // both instances refused part of the burst: each enforced the one shared allowance
    assertThat(refusedBy(replies, 0)).isPositive();
    assertThat(refusedBy(replies, 1)).isPositive();
    for (Reply refused : replies.stream().filter(r -> r.status() == 429).toList()) {
      assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
      assertThat(refused.json().getJsonArray("errors").getString(0)).isNotBlank();
      RateLimitFields.Member limit = RateLimitFields.single(refused.header("RateLimit"));
      assertThat(limit.policy()).isEqualTo("caller");
      assertThat(limit.integer("r")).isZero();
    }
  }

  /**
   * One request through each instance from ANOTHER caller (its own allowance), so that connections, the JIT and
   * the route are warm and the burst measures the limiter, not start-up.
   */
  private void warmUp() {
    String other = "Bearer " + first.sandbox().issueUserToken(SandboxIdentities.OTHER_USER, Set.of("project_read"));
    for (GatewayCaller caller : List.of(toFirst, toSecond)) {
      assertThat(caller.get("/api/projects?per_page=1", "Authorization", other).status()).isEqualTo(200);
    }
    first.sandbox().stats().reset();
  }

  private static long refusedBy(List<Reply> replies, int parity) {
    return IntStream.range(0, replies.size())
        .filter(i -> i % 2 == parity && replies.get(i).status() == 429).count();
  }
}
