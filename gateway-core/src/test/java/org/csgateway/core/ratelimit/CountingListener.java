package org.csgateway.core.ratelimit;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what a {@link RateLimitListener} is told. */
final class CountingListener implements RateLimitListener {
  final AtomicInteger allowed = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  final AtomicInteger unavailable = new AtomicInteger();
  final AtomicInteger recovered = new AtomicInteger();
  final AtomicInteger fallbacks = new AtomicInteger();

  @Override
  public void onDecision(RateLimitPolicy policy, RateLimitDecision decision) {
    (decision.allowed() ? allowed : refused).incrementAndGet();
  }

  @Override
  public void onStoreUnavailable(Throwable cause) {
    unavailable.incrementAndGet();
  }

  @Override
  public void onStoreRecovered() {
    recovered.incrementAndGet();
  }

  @Override
  public void onFallback(RedisUnavailableMode mode) {
    fallbacks.incrementAndGet();
  }
}
