package org.csgateway.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimitStore} must do, run against each store. The policy refills one unit per minute, so
 * the real time a round trip to Redis takes never changes a count; {@link #advance} moves the store's time.
 */
abstract class RateLimitStoreContract {
  static final RateLimitPolicy FIVE_PER_5M = new RateLimitPolicy("contract", 5, Duration.ofMinutes(5), 5,
      RateLimitKey.PRINCIPAL, RouteSelector.all(), Map.of());
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Duration SLACK = Duration.ofSeconds(2);

  abstract RateLimitStore store();

  /** Moves the store's notion of now forward by this much, for every key. */
  abstract void advance(Duration d);

  final String key = UUID.randomUUID().toString();

  RateLimitDecision acquire(String key, int cost) {
    return store().acquire(key, FIVE_PER_5M, cost).await();
  }

  RateLimitDecision acquire() {
    return acquire(key, 1);
  }

  @Test
  void should_admit_the_burst_and_count_remaining_down_when_requests_arrive_together() {
    for (int i = 1; i <= 5; i++) {
      RateLimitDecision d = acquire();
      assertThat(d.allowed()).isTrue();
      assertThat(d.enforced()).isTrue();
      assertThat(d.limit()).isEqualTo(5);
      assertThat(d.remaining()).isEqualTo(5 - i);
      assertThat(d.resetAfter()).isCloseTo(MINUTE.multipliedBy(i), SLACK);
      assertThat(d.retryAfter()).isZero();
    }
  }

  @Test
  void should_refuse_with_one_emission_interval_to_wait_when_the_burst_is_used() {
    exhaust();
    RateLimitDecision refused = acquire();
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfter()).isCloseTo(MINUTE, SLACK);
    assertThat(refused.resetAfter()).isCloseTo(MINUTE.multipliedBy(5), SLACK);
  }

  @Test
  void should_not_count_refused_requests_when_the_caller_keeps_trying() {
    exhaust();
    for (int i = 0; i < 20; i++) {
      assertThat(acquire().allowed()).isFalse();
    }
    advance(MINUTE);
    assertThat(acquire().allowed()).as("one unit refilled despite 20 refusals").isTrue();
    assertThat(acquire().allowed()).isFalse();
  }

  @Test
  void should_refill_one_unit_per_emission_interval_when_time_passes() {
    exhaust();
    advance(MINUTE.multipliedBy(3));
    for (int i = 0; i < 3; i++) {
      assertThat(acquire().allowed()).isTrue();
    }
    assertThat(acquire().allowed()).isFalse();
  }

  @Test
  void should_hold_no_more_than_the_burst_when_a_caller_was_idle_for_long() {
    acquire();
    advance(Duration.ofHours(5));
    long admitted = 0;
    for (int i = 0; i < 8; i++) {
      admitted += acquire().allowed() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void should_charge_the_cost_and_refuse_what_does_not_fit_when_requests_cost_more_than_one() {
    RateLimitDecision first = acquire(key, 3);
    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isEqualTo(2);

    RateLimitDecision tooDear = acquire(key, 3);
    assertThat(tooDear.allowed()).isFalse();
    assertThat(tooDear.remaining()).as("what is left is still left").isEqualTo(2);
    assertThat(tooDear.retryAfter()).isCloseTo(MINUTE, SLACK);

    RateLimitDecision fits = acquire(key, 2);
    assertThat(fits.allowed()).isTrue();
    assertThat(fits.remaining()).isZero();
  }

  @Test
  void should_keep_callers_apart_when_their_keys_differ() {
    exhaust();
    String other = UUID.randomUUID().toString();
    assertThat(acquire(other, 1).remaining()).isEqualTo(4);
  }

  @Test
  void should_keep_policies_apart_when_their_names_differ() {
    exhaust();
    RateLimitPolicy other = new RateLimitPolicy("contract-other", 5, Duration.ofMinutes(5), 5,
        RateLimitKey.PRINCIPAL, RouteSelector.all(), Map.of());
    RateLimitDecision d = store().acquire(key, other, 1).await();
    assertThat(d.allowed()).isTrue();
    assertThat(d.remaining()).isEqualTo(4);
  }

  @Test
  void should_count_nothing_when_peeking() {
    for (int i = 0; i < 10; i++) {
      RateLimitDecision peek = store().peek(key, FIVE_PER_5M).await();
      assertThat(peek.allowed()).isTrue();
      assertThat(peek.remaining()).isEqualTo(4);
    }
    assertThat(acquire().remaining()).isEqualTo(4);
    exhaust();
    RateLimitDecision blocked = store().peek(key, FIVE_PER_5M).await();
    assertThat(blocked.allowed()).isFalse();
    assertThat(blocked.retryAfter()).isCloseTo(MINUTE, SLACK);
    advance(MINUTE);
    assertThat(store().peek(key, FIVE_PER_5M).await().allowed()).isTrue();
  }

  @Test
  void should_reject_a_cost_above_the_burst_when_asked() {
    assertThatThrownBy(() -> store().acquire(key, FIVE_PER_5M, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cost must be between 1 and burst 5, was 6");
  }

  String key() {
    return key;
  }

  void exhaust() {
    long admitted = 0;
    while (acquire().allowed()) {
      admitted++;
    }
    assertThat(admitted).isLessThanOrEqualTo(5);
  }
}
