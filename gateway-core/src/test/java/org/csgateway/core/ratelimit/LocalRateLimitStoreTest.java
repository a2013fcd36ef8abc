package org.csgateway.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalRateLimitStoreTest extends RateLimitStoreContract {
  private final FakeNanoClock clock = new FakeNanoClock();
  private final LocalRateLimitStore store = new LocalRateLimitStore(1_000, clock);

  @Override
  RateLimitStore store() {
    return store;
  }

  @Override
  void advance(Duration d) {
    clock.advance(d);
  }

  @Test
  void should_forget_a_key_once_it_was_idle_for_the_policys_whole_refill_time() {
    acquire();
    acquire();
    assertThat(store.estimatedKeys()).isEqualTo(1);
    advance(MINUTE.multipliedBy(4));
    acquire(); // a use: the key is kept for another refill time (5 minutes) from here
    advance(MINUTE.multipliedBy(5).minusNanos(1));
    assertThat(store.estimatedKeys()).as("idle for less than the refill time").isEqualTo(1);
    // Caffeine's timer wheel evicts in buckets of about a second; lookups see the exact expiry.
    advance(SLACK);
    assertThat(store.estimatedKeys()).isZero();
    assertThat(acquire().remaining()).as("forgotten only once full again").isEqualTo(4);
  }

  @Test
  void should_not_extend_a_keys_life_when_peeking() {
    acquire();
    advance(MINUTE.multipliedBy(4));
    store.peek(key, FIVE_PER_5M).await();
    advance(MINUTE.plus(SLACK));
    assertThat(store.estimatedKeys()).isZero();
  }

  @Test
  void should_admit_exactly_the_burst_when_threads_race_on_one_key() throws Exception {
    RateLimitPolicy thousand = new RateLimitPolicy("race", 1_000, Duration.ofMinutes(1_000), 1_000,
        RateLimitKey.PRINCIPAL, RouteSelector.all(), Map.of());
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> admitted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        admitted.add(pool.submit(() -> {
          start.await();
          int n = 0;
          for (int i = 0; i < 500; i++) {
            n += store.acquire(key, thousand, 1).result().allowed() ? 1 : 0;
          }
          return n;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : admitted) {
        total += f.get(30, TimeUnit.SECONDS);
      }
      assertThat(total).as("4,000 attempts, a burst of 1,000 and a frozen clock").isEqualTo(1_000);
      assertThat(store.peek(key, thousand).await().remaining()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void should_keep_no_more_keys_than_its_bound_when_many_callers_come() {
    for (int i = 0; i < 5_000; i++) {
      acquire(UUID.randomUUID().toString(), 1);
    }
    assertThat(store.estimatedKeys()).isLessThanOrEqualTo(1_000);
  }
}
