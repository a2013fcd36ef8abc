package org.csgateway.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
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
  void should_forget_a_key_when_its_allowance_is_full_again() {
    acquire();
    acquire();
    assertThat(store.estimatedKeys()).isEqualTo(1);
    advance(MINUTE.multipliedBy(2).minusNanos(1));
    assertThat(store.estimatedKeys()).as("not yet full").isEqualTo(1);
    // Caffeine's timer wheel evicts in buckets of about a second; lookups see the exact expiry.
    advance(Duration.ofSeconds(2));
    assertThat(store.estimatedKeys()).isZero();
  }

  @Test
  void should_keep_no_more_keys_than_its_bound_when_many_callers_come() {
    for (int i = 0; i < 5_000; i++) {
      acquire(UUID.randomUUID().toString(), 1);
    }
    assertThat(store.estimatedKeys()).isLessThanOrEqualTo(1_000);
  }
}
