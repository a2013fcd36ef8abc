package org.csgateway.app.e2e.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.csgateway.app.e2e.ratelimit.GatewayCaller.Reply;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.sandbox.SandboxStats;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6, the stricter limit on failed authentication: from one address, wrong Bearer tokens or wrong Basic
 * credentials are checked (at the sandbox's token-info endpoint, or by the upstream itself for Basic) only as many
 * times as {@code rateLimit.failedAuthentication} allows; past that the gateway answers 429 with
 * {@code Retry-After} and an errors body without asking anyone.
 */
@ExtendWith(VertxExtension.class)
class FailedAuthenticationLimitTest {
  private static final int ALLOWED_FAILURES = 3;
  private static final int ATTEMPTS = 8;
  private static final String PROJECTS = "GET /api/projects";

  private TestGateway gateway;
  private GatewayCaller caller;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        rateLimit:
          failedAuthentication: {rate: %d, period: 1h}
        """.formatted(ALLOWED_FAILURES));
    caller = new GatewayCaller(vertx, gateway.ports().proxy(), 4);
  }

  @AfterEach
  void stop() {
    Cleanup.closeAll(caller, gateway);
  }

  @Test
  void should_refuse_with_429_without_asking_the_authorization_server_when_bad_tokens_keep_coming() {
    SandboxStats stats = gateway.sandbox().stats();
    String known = gateway.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
    assertThat(projects("Bearer " + known).status()).isEqualTo(200);
    long checksBefore = stats.tokenInfoCalls();

    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < ATTEMPTS; i++) {
      replies.add(projects("Bearer wrong-" + UUID.randomUUID()));
    }

    assertThat(replies.subList(0, ALLOWED_FAILURES)).allSatisfy(r -> assertThat(r.status()).isEqualTo(401));
    assertThat(replies.subList(ALLOWED_FAILURES, ATTEMPTS)).allSatisfy(FailedAuthenticationLimitTest::assertBlocked);
    assertThat(stats.tokenInfoCalls() - checksBefore).isEqualTo(ALLOWED_FAILURES);
    // A token already known to be good is not a guess: its owner is not locked out by the guesser's address.
    assertThat(projects("Bearer " + known).status()).isEqualTo(200);
    assertThat(stats.tokenInfoCalls() - checksBefore).isEqualTo(ALLOWED_FAILURES);
  }

  @Test
  void should_refuse_with_429_without_forwarding_when_bad_basic_credentials_keep_coming() {
    SandboxStats stats = gateway.sandbox().stats();

    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < ATTEMPTS; i++) {
      replies.add(projects(GatewayCaller.basic(SandboxIdentities.DEMO_API_KEY, "guess-" + i)));
    }

    assertThat(replies.subList(0, ALLOWED_FAILURES)).allSatisfy(r -> assertThat(r.status()).isEqualTo(401));
    assertThat(replies.subList(ALLOWED_FAILURES, ATTEMPTS)).allSatisfy(FailedAuthenticationLimitTest::assertBlocked);
    assertThat(stats.routeRequests(PROJECTS)).as("only the allowed guesses reached the upstream")
        .isEqualTo(ALLOWED_FAILURES);
    // the right secret is a credential not yet known good, so it waits too
    assertBlocked(projects(GatewayCaller.basic(SandboxIdentities.DEMO_API_KEY, SandboxIdentities.DEMO_API_SECRET)));
    assertThat(stats.routeRequests(PROJECTS)).isEqualTo(ALLOWED_FAILURES);
  }

  private Reply projects(String authorization) {
    return caller.get("/api/projects?per_page=1", "Authorization", authorization, "Accept", "application/json");
  }

  private static void assertBlocked(Reply reply) {
    assertThat(reply.status()).isEqualTo(429);
    assertThat(Long.parseLong(reply.header("Retry-After"))).isPositive();
    assertThat(reply.json().getJsonArray("errors").getString(0)).isNotBlank();
  }
}
