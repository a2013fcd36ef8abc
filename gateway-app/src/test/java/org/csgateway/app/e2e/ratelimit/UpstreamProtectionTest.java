package org.csgateway.app.e2e.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.csgateway.app.e2e.ratelimit.GatewayCaller.Reply;
import org.csgateway.app.sandbox.Sandbox;
import org.csgateway.app.sandbox.SandboxFault;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.sandbox.SandboxOptions;
import org.csgateway.app.testing.TestClock;
import org.csgateway.app.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6, upstream protection, through the real gateway in front of the sandbox: an {@link InFlightProbe} between
 * the two counts the requests in flight to the sandbox. With the sandbox slowed by its delay fault, in-flight
 * requests never exceed the guard's limit and the excess is answered 503 with {@code Retry-After} and an errors
 * body; slow answers (by the injected {@link TestClock}, which stands still unless the test moves it) lower the limit, fast
 * ones raise it back; and a sandbox 503 with {@code Retry-After} stops all sending until then.
 */
@ExtendWith(VertxExtension.class)
class UpstreamProtectionTest {
  private static final String PROJECTS = "/api/projects";
  private static final Duration LATENCY_TARGET = Duration.ofSeconds(1);
  private static final Duration SLOWER_THAN_TARGET = LATENCY_TARGET.multipliedBy(2);

  private final TestClock clock = new TestClock();
  private Vertx vertx;
  private InFlightProbe probe;
  private Sandbox sandbox;
  private TestGateway gateway;
  private GatewayCaller caller;
  private String bearer;

  @BeforeEach
  void startSandbox(Vertx vertx) {
    this.vertx = vertx;
    probe = InFlightProbe.start(vertx, SandboxOptions.defaults().withClock(clock), PROJECTS);
    sandbox = probe.sandbox();
    bearer = "Bearer " + sandbox.issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
  }

  @AfterEach
  void stop() {
    Cleanup.closeAll(caller, gateway, probe);
  }

  private void startGateway(int initialLimit, int maxLimit, int queueSize) {
    gateway = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: false}
        upstream:
          url: "%s"
          protection:
            initialLimit: %d
            minLimit: 1
            maxLimit: %d
            queueSize: %d
            queueTimeout: 10s
            latencyTarget: %dms
            backoffRatio: 0.5
            retryAfter: 1s
        rateLimit: {enabled: false}
        """.formatted(probe.url(), initialLimit, maxLimit, queueSize, LATENCY_TARGET.toMillis()), clock.clocks());
    caller = new GatewayCaller(vertx, gateway.ports().proxy(), 32);
  }

  @Test
  void should_keep_in_flight_requests_within_the_limit_and_refuse_the_excess_when_the_sandbox_is_slow() {
    startGateway(3, 3, 2);
    sandbox.faults().add(SandboxFault.delay(Duration.ofMillis(800)).onPath(PROJECTS));

    List<Reply> replies = burst(20);

    assertThat(GatewayCaller.await(probe.maxInFlight())).as("in flight at the sandbox at once").isEqualTo(3);
    assertThat(replies.stream().filter(r -> r.status() == 200)).as("3 in flight, then the 2 queued").hasSize(5);
    List<Reply> refused = replies.stream().filter(r -> r.status() != 200).toList();
    assertThat(refused).hasSize(15).allSatisfy(r -> assertUnavailable(r, 1, 1));
    assertThat(sandbox.stats().routeRequests("GET " + PROJECTS)).isEqualTo(5);
  }

  @Test
  void should_lower_the_limit_on_slow_answers_and_raise_it_again_when_the_sandbox_recovers() {
    startGateway(4, 4, 0);
    sandbox.faults().add(SandboxFault.delay(Duration.ofMillis(400)).onPath(PROJECTS));
    assertThat(inFlightDuringBurst(4, 4, true)).isEqualTo(4);

    // Four answers slower than the target halved the limit down to its minimum: one at a time now.
    List<Reply> whileSlow = burstObserved(4, 1, true);
    assertThat(whileSlow.stream().filter(r -> r.status() == 200)).hasSize(1);
    assertThat(whileSlow.stream().filter(r -> r.status() == 503)).hasSize(3)
        .allSatisfy(r -> assertUnavailable(r, 1, 1));

    sandbox.faults().clear();
    for (int i = 0; i < 3; i++) {
      assertThat(get().status()).isEqualTo(200); // each answer within the target: the limit grows by one
    }

    // The delay again, only to see how many are let through at once: all four, the limit is back.
    sandbox.faults().add(SandboxFault.delay(Duration.ofMillis(400)).onPath(PROJECTS));
    List<Reply> recovered = burstObserved(6, 4, false);
    assertThat(recovered.stream().filter(r -> r.status() == 200)).hasSize(4);
    assertThat(recovered.stream().filter(r -> r.status() == 503)).hasSize(2);
  }

  @Test
  void should_send_nothing_until_the_sandbox_retry_after_has_passed_when_it_answers_503() {
    startGateway(4, 4, 0);
    probe.retryAfterOn503("30");
    sandbox.faults().add(SandboxFault.status(503).times(1).onPath(PROJECTS));

    assertThat(get().status()).isEqualTo(503);
    Reply paused = get();
    assertUnavailable(paused, 29, 30);
    clock.advance(Duration.ofSeconds(29));
    assertUnavailable(get(), 1, 1);
    assertThat(GatewayCaller.await(probe.arrived())).as("nothing sent during the pause").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(get().status()).isEqualTo(200);
    assertThat(GatewayCaller.await(probe.arrived())).isEqualTo(2);
  }

  /**
   * Sends {@code count} requests at once, waits until {@code expectedInFlight} are at the sandbox, optionally moves
   * the clock past the latency target (so they count as slow), and returns the most seen in flight at once.
   */
  private int inFlightDuringBurst(int count, int expectedInFlight, boolean slow) {
    burstObserved(count, expectedInFlight, slow);
    return GatewayCaller.await(probe.maxInFlight());
  }

  private List<Reply> burstObserved(int count, int expectedInFlight, boolean slow) {
    GatewayCaller.await(probe.resetMax());
    List<Future<Reply>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(send());
    }
    GatewayCaller.await(probe.whenInFlight(expectedInFlight));
    if (slow) {
      clock.advance(SLOWER_THAN_TARGET);
    }
    GatewayCaller.await(Future.join(sent));
    assertThat(GatewayCaller.await(probe.maxInFlight())).as("in flight at the sandbox at once")
        .isEqualTo(expectedInFlight);
    return sent.stream().map(Future::result).toList();
  }

  private List<Reply> burst(int count) {
    return caller.burst(count, i -> send());
  }

  private Future<Reply> send() {
    return caller.send(HttpMethod.GET, PROJECTS + "?per_page=1", "Authorization", bearer);
  }

  private Reply get() {
    return GatewayCaller.await(send());
  }

  private static void assertUnavailable(Reply reply, long minRetryAfter, long maxRetryAfter) {
    assertThat(reply.status()).isEqualTo(503);
    assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(minRetryAfter, maxRetryAfter);
    assertThat(reply.json().getJsonArray("errors").getString(0)).isNotBlank();
  }
}
