package org.csgateway.app.e2e.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import org.csgateway.app.e2e.ratelimit.GatewayCaller.Reply;
import org.csgateway.app.sandbox.Sandbox;
import org.csgateway.app.sandbox.SandboxFault;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.sandbox.SandboxOptions;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6: cache hits count against the caller's rate limit (the limit is on the client, whatever serves it) but take
 * no upstream-guard slot (they never reach the upstream). The guard here has exactly one slot and no queue, held by
 * a slow request, so any request that needed a slot would get 503 at once.
 */
@ExtendWith(VertxExtension.class)
class CacheHitLimitTest {
  private static final int ALLOWANCE = 6;
  private static final String PAGE = "/api/projects?per_page=1";

  private InFlightProbe probe;
  private Sandbox sandbox;
  private TestGateway gateway;
  private GatewayCaller caller;
  private String bearer;

  @BeforeEach
  void start(Vertx vertx) {
    probe = InFlightProbe.start(vertx, SandboxOptions.defaults(), "/api/zones");
    sandbox = probe.sandbox();
    gateway = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: false}
        upstream:
          url: "%s"
          protection: {initialLimit: 1, minLimit: 1, maxLimit: 1, queueSize: 0}
        cache: {enabled: true, families: {projects: 30s}}
        rateLimit:
          policies:
            - {name: caller, rate: %d, period: 1h, key: principal}
        """.formatted(probe.url(), ALLOWANCE));
    caller = new GatewayCaller(vertx, gateway.ports().proxy(), 8);
    bearer = "Bearer " + sandbox.issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read", "dns_read"));
  }

  @AfterEach
  void stop() {
    Cleanup.closeAll(caller, gateway, probe);
  }

  @Test
  void should_count_hits_against_the_limit_but_serve_them_without_an_upstream_slot_when_the_guard_is_full() {
    Reply miss = get(PAGE);
    assertThat(miss.status()).isEqualTo(200);
    assertThat(remaining(miss)).isEqualTo(ALLOWANCE - 1);

    sandbox.faults().add(SandboxFault.delay(Duration.ofSeconds(2)).onPath("/api/zones"));
    Future<Reply> slow = caller.send(HttpMethod.GET, "/api/zones", "Authorization", bearer);
    GatewayCaller.await(probe.whenInFlight(1));

    Reply otherMiss = get("/api/projects?per_page=2");
    assertThat(otherMiss.status()).as("a miss needs the one slot, which is taken").isEqualTo(503);
    assertThat(otherMiss.header("Retry-After")).isNotNull();

    long before = Long.MAX_VALUE;
    int hits = 0;
    Reply hit = get(PAGE);
    while (hit.status() == 200) {
      hits++;
      assertThat(hit.header("X-Cache")).isEqualTo("HIT");
      long remaining = remaining(hit);
      assertThat(remaining).as("each hit draws one unit").isLessThan(before);
      if (before != Long.MAX_VALUE) {
        assertThat(remaining).isEqualTo(before - 1);
      }
      before = remaining;
      hit = get(PAGE);
    }
    assertThat(hit.status()).isEqualTo(429);
    assertThat(before).as("the hits used the allowance up").isZero();
    assertThat(hits).isPositive();
    assertThat(sandbox.stats().routeRequests("GET /api/projects")).as("only the first miss reached the sandbox")
        .isEqualTo(1);
    assertThat(GatewayCaller.await(probe.maxInFlight())).isEqualTo(1);
    assertThat(GatewayCaller.await(slow).status()).isEqualTo(200);
  }

  private Reply get(String uri) {
    return caller.get(uri, "Authorization", bearer, "Accept", "application/json");
  }

  private static long remaining(Reply reply) {
    return RateLimitFields.single(reply.header("RateLimit")).integer("r");
  }
}
