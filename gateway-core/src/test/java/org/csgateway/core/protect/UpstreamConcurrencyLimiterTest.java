package org.csgateway.core.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.protect.UpstreamConcurrencyLimiter.Permit;
import org.csgateway.core.protect.UpstreamGuardListener.Rejection;
import org.csgateway.core.ratelimit.FakeNanoClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class UpstreamConcurrencyLimiterTest {
  private final FakeNanoClock clock = new FakeNanoClock();
  private final List<Rejection> rejections = new CopyOnWriteArrayList<>();
  private final List<Integer> limits = new CopyOnWriteArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  private UpstreamConcurrencyLimiter limiter(int initial, int min, int max, int queue, Duration queueTimeout) {
    UpstreamProtectionConfig config = new UpstreamProtectionConfig(initial, min, max, queue, queueTimeout,
        Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), Duration.ofSeconds(60));
    return new UpstreamConcurrencyLimiter(vertx, config, clock, new UpstreamGuardListener() {
      @Override
      public void onLimitChanged(int previous, int current) {
        limits.add(current);
      }

      @Override
      public void onRejected(Rejection reason) {
        rejections.add(reason);
      }
    });
  }

  private static MultiMap headers(String... pairs) {
    MultiMap headers = HttpHeaders.headers();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  private static void answer(UpstreamConcurrencyLimiter limiter, int status, String... headerPairs) {
    Permit permit = limiter.acquire().await();
    permit.complete(status, headers(headerPairs));
    permit.release();
  }

  private static GatewayException refusal(Future<?> future) {
    assertThat(future.failed()).as("refused").isTrue();
    assertThat(future.cause()).isInstanceOf(GatewayException.class);
    GatewayException e = (GatewayException) future.cause();
    assertThat(e.status()).isEqualTo(503);
    return e;
  }

  @Test
  void should_grant_up_to_the_limit_queue_in_order_and_refuse_past_the_queue() {
    UpstreamConcurrencyLimiter limiter = limiter(2, 1, 2, 2, Duration.ofSeconds(30));
    Permit a = limiter.acquire().await();
    Permit b = limiter.acquire().await();
    Future<Permit> c = limiter.acquire();
    Future<Permit> d = limiter.acquire();
    Future<Permit> e = limiter.acquire();
    assertThat(c.isComplete()).isFalse();
    assertThat(d.isComplete()).isFalse();
    assertThat(refusal(e).headers()).containsEntry("Retry-After", "1");
    assertThat(rejections).containsExactly(Rejection.QUEUE_FULL);
    assertThat(limiter.inFlight()).isEqualTo(2);
    assertThat(limiter.queued()).isEqualTo(2);

    a.release();
    assertThat(c.succeeded()).as("first come, first served").isTrue();
    assertThat(d.isComplete()).isFalse();
    b.release();
    assertThat(d.succeeded()).isTrue();
    assertThat(limiter.inFlight()).isEqualTo(2);
    assertThat(limiter.queued()).isZero();
  }

  @Test
  void should_refuse_a_waiter_when_it_waited_longer_than_the_queue_timeout() {
    UpstreamConcurrencyLimiter limiter = limiter(1, 1, 1, 4, Duration.ofMillis(50));
    limiter.acquire().await();
    Future<Permit> waiting = limiter.acquire();
    assertThatThrownBy(() -> waiting.await(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.code()).isEqualTo("UPSTREAM_QUEUE_TIMEOUT"));
    assertThat(limiter.queued()).isZero();
  }

  @Test
  void should_halve_the_limit_when_the_upstream_answers_429_503_or_504() {
    UpstreamConcurrencyLimiter limiter = limiter(8, 1, 16, 0, Duration.ofSeconds(1));
    answer(limiter, 503);
    assertThat(limiter.limit()).isEqualTo(4);
    answer(limiter, 429);
    assertThat(limiter.limit()).isEqualTo(2);
    answer(limiter, 504);
    assertThat(limiter.limit()).isEqualTo(1);
    answer(limiter, 503);
    assertThat(limiter.limit()).as("never below the minimum").isEqualTo(1);
    assertThat(limits).containsExactly(4, 2, 1);
  }

  @Test
  void should_halve_the_limit_when_an_answer_is_slower_than_the_latency_target() {
    UpstreamConcurrencyLimiter limiter = limiter(8, 1, 16, 0, Duration.ofSeconds(1));
    Permit permit = limiter.acquire().await();
    clock.advance(Duration.ofSeconds(1).plusNanos(1));
    permit.complete(200, headers());
    assertThat(limiter.limit()).isEqualTo(4);
  }

  @Test
  void should_add_one_per_fast_answer_up_to_the_maximum_and_ignore_other_failures() {
    UpstreamConcurrencyLimiter limiter = limiter(2, 1, 4, 0, Duration.ofSeconds(1));
    answer(limiter, 200);
    assertThat(limiter.limit()).isEqualTo(3);
    answer(limiter, 404);
    assertThat(limiter.limit()).as("a client error is a healthy answer").isEqualTo(4);
    answer(limiter, 200);
    assertThat(limiter.limit()).isEqualTo(4);
    answer(limiter, 500);
    answer(limiter, 502);
    assertThat(limiter.limit()).isEqualTo(4);
  }

  @Test
  void should_send_nothing_until_the_upstream_retry_after_when_it_asks_for_a_pause() {
    UpstreamConcurrencyLimiter limiter = limiter(1, 1, 4, 4, Duration.ofSeconds(30));
    Permit permit = limiter.acquire().await();
    Future<Permit> queued = limiter.acquire();
    permit.complete(429, headers("Retry-After", "30"));
    assertThat(refusal(queued).headers()).as("waiters are told at once").containsEntry("Retry-After", "30");
    permit.release();

    assertThat(refusal(limiter.acquire()).code()).isEqualTo("UPSTREAM_BACKOFF");
    clock.advance(Duration.ofSeconds(10));
    assertThat(refusal(limiter.acquire()).headers()).containsEntry("Retry-After", "20");
    clock.advance(Duration.ofSeconds(20));
    assertThat(limiter.acquire().succeeded()).isTrue();
    assertThat(rejections).containsOnly(Rejection.UPSTREAM_BACKOFF).hasSize(3);
  }

  @Test
  void should_measure_an_http_date_retry_after_against_the_upstream_date_when_it_sends_one() {
    UpstreamConcurrencyLimiter limiter = limiter(4, 1, 4, 0, Duration.ofSeconds(1));
    answer(limiter, 503, "Date", "Tue, 15 Nov 1994 08:12:31 GMT", "Retry-After", "Tue, 15 Nov 1994 08:13:01 GMT");
    assertThat(refusal(limiter.acquire()).headers()).containsEntry("Retry-After", "30");
  }

  @Test
  void should_pause_no_longer_than_the_maximum_when_the_upstream_asks_for_more() {
    UpstreamConcurrencyLimiter limiter = limiter(4, 1, 4, 0, Duration.ofSeconds(1));
    answer(limiter, 503, "Retry-After", "86400");
    assertThat(refusal(limiter.acquire()).headers()).containsEntry("Retry-After", "60");
  }

  @Test
  void should_free_one_slot_when_a_permit_is_released_twice() {
    UpstreamConcurrencyLimiter limiter = limiter(1, 1, 1, 1, Duration.ofSeconds(30));
    Permit permit = limiter.acquire().await();
    permit.release();
    permit.release();
    assertThat(limiter.acquire().succeeded()).isTrue();
    assertThat(limiter.acquire().isComplete()).as("the second waits: only one slot").isFalse();
  }
}
