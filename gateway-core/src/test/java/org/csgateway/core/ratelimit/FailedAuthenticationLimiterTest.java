package org.csgateway.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.GatewayRequest;
import org.junit.jupiter.api.Test;

class FailedAuthenticationLimiterTest {
  private final FakeNanoClock clock = new FakeNanoClock();
  private final FailedAuthenticationLimiter limiter = new FailedAuthenticationLimiter(
      new LocalRateLimitStore(1_000, clock), RateLimitPolicy.failedAuthenticationDefault());

  private static Exchange from(String address) {
    return new Exchange(new GatewayRequest(HttpMethod.POST, "/api/oauth/token", null, HttpHeaders.headers(), "http",
        null, address, null), "req", address, 0);
  }

  private void fail(String address, String clientId, int times) {
    for (int i = 0; i < times; i++) {
      limiter.recordFailure(from(address), clientId).await();
    }
  }

  @Test
  void should_block_an_address_when_it_used_up_its_failures() {
    fail("10.0.0.1", null, 9);
    assertThat(limiter.isBlocked(from("10.0.0.1")).await()).isFalse();
    fail("10.0.0.1", null, 1);
    assertThat(limiter.isBlocked(from("10.0.0.1")).await()).isTrue();
    assertThat(limiter.isBlocked(from("10.0.0.2")).await()).as("other addresses").isFalse();
  }

  @Test
  void should_refuse_with_429_and_retry_after_when_blocked() {
    fail("10.0.0.1", null, 10);
    Future<Void> check = limiter.checkNotBlocked(from("10.0.0.1"), null);
    assertThat(check.failed()).isTrue();
    assertThat(check.cause()).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.headers()).containsEntry("Retry-After", "30");
    });
    clock.advance(Duration.ofSeconds(30));
    assertThat(limiter.checkNotBlocked(from("10.0.0.1"), null).succeeded()).isTrue();
    fail("10.0.0.1", null, 1);
    assertThat(limiter.isBlocked(from("10.0.0.1")).await()).as("one failure per 30s refills").isTrue();
  }

  @Test
  void should_block_a_client_id_from_every_address_when_its_secret_is_guessed_from_many() {
    for (int i = 0; i < 10; i++) {
      fail("10.0.1." + i, "app-1", 1);
    }
    assertThat(limiter.isBlocked(from("10.0.2.1"), "app-1").await()).isTrue();
    assertThat(limiter.isBlocked(from("10.0.2.1"), "app-2").await()).isFalse();
    assertThat(limiter.isBlocked(from("10.0.2.1")).await()).isFalse();
  }

  @Test
  void should_count_nothing_when_only_checking() {
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.isBlocked(from("10.0.0.1"), "app").await()).isFalse();
    }
  }
}
