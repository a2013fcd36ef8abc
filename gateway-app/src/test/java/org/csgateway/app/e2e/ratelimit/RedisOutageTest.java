package org.csgateway.app.e2e.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.csgateway.app.e2e.ratelimit.GatewayCaller.Reply;
import org.csgateway.app.sandbox.SandboxIdentities;
import org.csgateway.app.testing.TestClock;
import org.csgateway.app.testing.TestGateway;
import org.csgateway.core.ratelimit.RedisRateLimitStore;
import org.csgateway.core.ratelimit.RedisServer;
import org.csgateway.core.ratelimit.RedisUnavailableMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 6, "Redis stopped mid-test": the shared store's redis-server dies (killed, as a crash) or stops answering
 * (paused, so commands wait for the timeout) while a caller is being limited. The configured
 * {@code onUnavailable} fallback takes over at once, and every answer comes within the command timeout plus a
 * margin: nothing waits for a Redis that is gone. The gateway's nano clock is a {@link TestClock}, so the store's
 * one-probe-per-retry-interval never comes due during the assertions: on a slow machine a probe claimed after 1 s of
 * real time would otherwise make the outcome depend on timing.
 */
@ExtendWith(VertxExtension.class)
class RedisOutageTest {
  private static final int BURST = 5;
  /**
   * Long enough that a warm connection's command is not mistaken for an outage when the machine stalls (that would
   * spend the caller's allowance from the fallback before the outage), short against the upstream's 30 s.
   */
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
  /** Scheduling slack on a loaded 2-core machine; a hang would be the upstream's 30 s or forever. */
  private static final Duration MARGIN = Duration.ofMillis(1_700);
  private static final String PROJECTS = "GET /api/projects";

  /** Held in a field: JUL keeps loggers weakly, and the handler must stay on this one. */
  private final Logger storeLog = Logger.getLogger(RedisRateLimitStore.class.getName());
  /** The store's transitions: a WARNING when it turns to the fallback, an INFO when Redis answers again. */
  private final List<LogRecord> storeTransitions = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord entry) {
      storeTransitions.add(entry);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final TestClock clock = new TestClock();
  private Vertx vertx;
  private RedisServer redis;
  private TestGateway gateway;
  private GatewayCaller caller;
  private String bearer;

  @BeforeEach
  void startRedis(Vertx vertx) {
    assumeTrue(RedisServer.installed(), "redis-server is not installed");
    this.vertx = vertx;
    redis = RedisServer.start();
    storeLog.addHandler(capture);
  }

  @AfterEach
  void stop() {
    storeLog.removeHandler(capture);
    Cleanup.closeAll(caller, gateway, redis);
  }

  private void startGateway(RedisUnavailableMode mode) {
    gateway = TestGateway.start(vertx, """
        server: {host: 127.0.0.1, port: 0, instances: 1}
        admin: {host: 127.0.0.1, port: 0}
        sandbox: {enabled: true}
        auth: {basic: {hmacSecret: "one-secret-for-every-instance"}}
        rateLimit:
          store: redis
          redis: {url: "%s", commandTimeout: %dms, retryInterval: %dms, onUnavailable: %s}
          policies:
            - {name: caller, rate: %d, period: 1h, key: principal}
        """.formatted(redis.url(), COMMAND_TIMEOUT.toMillis(), RETRY_INTERVAL.toMillis(),
        mode.name().toLowerCase(Locale.ROOT), BURST), clock.clocks());
    caller = new GatewayCaller(vertx, gateway.ports().proxy(), 32);
    warmUp();
    bearer = "Bearer " + gateway.sandbox().issueUserToken(SandboxIdentities.DEMO_USER, Set.of("project_read"));
    // The shared allowance works before the outage: 3 of 5 used, counted in Redis.
    for (int remaining = BURST - 1; remaining >= BURST - 3; remaining--) {
      Reply reply = project();
      assertThat(reply.status()).isEqualTo(200);
      assertThat(RateLimitFields.single(reply.header("RateLimit")).integer("r")).isEqualTo(remaining);
    }
    assertThat(storeTransitions).as("Redis decided every request before the outage (none fell back)").isEmpty();
  }

  /**
   * Sends another caller's requests until Redis decides one, so that the measured caller's first request does not
   * pay for the connection and the script load: on a loaded machine those can outlast the command timeout, and the
   * allowance the test counts "in Redis" would then be spent from the local fallback (which must stay fresh).
   * After a fallback, moving the clock by the retry interval lets the next request probe Redis.
   */
  private void warmUp() {
    String other = "Bearer " + gateway.sandbox().issueUserToken(SandboxIdentities.OTHER_USER, Set.of("project_read"));
    for (int attempt = 1; ; attempt++) {
      GatewayCaller.await(caller.send(HttpMethod.GET, "/api/projects?per_page=1", "Authorization", other));
      if (storeTransitions.isEmpty() || storeTransitions.get(storeTransitions.size() - 1).getLevel() != Level.WARNING) {
        break;
      }
      assertThat(attempt).as("Redis answers one of the warm-up requests in time").isLessThan(20);
      clock.advance(RETRY_INTERVAL);
    }
    storeTransitions.clear();
  }

  private List<LogRecord> outageLog() {
    return storeTransitions.stream().filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
  }

  @ParameterizedTest
  @EnumSource(RedisUnavailableMode.class)
  void should_fall_back_as_configured_without_hanging_when_redis_is_killed(RedisUnavailableMode mode) {
    startGateway(mode);

    redis.kill();

    assertFallback(mode);
  }

  @ParameterizedTest
  @EnumSource(value = RedisUnavailableMode.class, names = {"LOCAL", "DENY"})
  void should_fall_back_as_configured_within_the_command_timeout_when_redis_stops_answering(
      RedisUnavailableMode mode) {
    startGateway(mode);

    freeze(redis);

    assertFallback(mode);
  }

  /**
   * Makes Redis stop answering every client, as a hung or partitioned Redis would: connections stay open and
   * commands are accepted but get no reply (CLIENT PAUSE ALL; the server is killed at the end anyway).
   */
  private void freeze(RedisServer server) {
    Redis admin = Redis.createClient(vertx, server.url());
    try {
      GatewayCaller.await(admin.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(600_000).arg("ALL")));
    } finally {
      admin.close();
    }
  }

  /** A burst of 12 concurrent requests, then 3 more one by one, each answered in time and as the mode says. */
  private void assertFallback(RedisUnavailableMode mode) {
    long reachedBefore = gateway.sandbox().stats().routeRequests(PROJECTS);
    List<Reply> burst = caller.burst(12, i -> send());
    List<Reply> afterwards = List.of(project(), project(), project());

    for (Reply reply : concat(burst, afterwards)) {
      assertThat(reply.elapsed()).as("answered within the command timeout and a margin")
          .isLessThan(COMMAND_TIMEOUT.plus(MARGIN));
    }
    long reached = gateway.sandbox().stats().routeRequests(PROJECTS) - reachedBefore;
    assertThat(storeTransitions).as("no probe came due, so Redis was never seen back").isEqualTo(outageLog());
    assertThat(outageLog()).as("the outage is logged once, naming the fallback, not once per request").singleElement()
        .satisfies(entry -> assertThat(entry.getParameters()).contains(mode.name().toLowerCase(Locale.ROOT)));
    switch (mode) {
      case LOCAL -> {
        // This instance's own allowance decides: a fresh 5 (Redis still held only 2), and then 429s.
        assertThat(burst.stream().filter(r -> r.status() == 200).count()).isEqualTo(BURST);
        assertThat(burst.stream().filter(r -> r.status() == 429).count()).isEqualTo(12 - BURST);
        assertThat(afterwards).allSatisfy(r -> assertRefused(r, 429));
        assertThat(reached).isEqualTo(BURST);
        for (Reply admitted : burst.stream().filter(r -> r.status() == 200).toList()) {
          assertThat(RateLimitFields.single(admitted.header("RateLimit")).integer("r")).isBetween(0L, BURST - 1L);
        }
      }
      case DENY -> {
        assertThat(concat(burst, afterwards)).allSatisfy(r -> assertRefused(r, 503));
        assertThat(reached).isZero();
      }
      case ALLOW -> {
        assertThat(concat(burst, afterwards)).allSatisfy(r -> {
          assertThat(r.status()).isEqualTo(200);
          assertThat(RateLimitFields.single(r.header("RateLimit-Policy")).integer("q")).isEqualTo(BURST);
          assertThat(r.header("RateLimit")).as("no limit is claimed while it is not checked").isNull();
        });
        assertThat(reached).isEqualTo(15);
      }
      default -> throw new AssertionError(mode);
    }
  }

  private static void assertRefused(Reply reply, int status) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(Long.parseLong(reply.header("Retry-After"))).isPositive();
    assertThat(reply.json().getJsonArray("errors").getString(0)).isNotBlank();
  }

  private Future<Reply> send() {
    return caller.send(HttpMethod.GET, "/api/projects?per_page=1", "Authorization", bearer);
  }

  private Reply project() {
    return GatewayCaller.await(send());
  }

  private static List<Reply> concat(List<Reply> a, List<Reply> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
