package org.csgateway.core.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * GCRA state in this process: a bounded Caffeine map from (policy, key) to the theoretical arrival time. An entry
 * expires exactly when its allowance is full again (its state then equals no state), so idle keys vanish; past
 * {@code maximumKeys} the least useful entries are evicted, which at worst gives an evicted caller a fresh
 * allowance. Each decision is one atomic {@code compute} on its key, held only for the arithmetic. Thread-safe.
 */
public final class LocalRateLimitStore implements RateLimitStore {
  private final Cache<StoreKey, Long> tats;
  private final LongSupplier nanoClock;

  /**
   * @param maximumKeys how many keys to keep at most ({@code rateLimit.local.maxKeys})
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   */
  public LocalRateLimitStore(long maximumKeys, LongSupplier nanoClock) {
    if (maximumKeys <= 0) {
      throw new IllegalArgumentException("maximumKeys must be positive, was " + maximumKeys);
    }
    this.nanoClock = nanoClock;
    this.tats = Caffeine.newBuilder()
        .maximumSize(maximumKeys)
        .expireAfter(new UntilFull())
        .ticker(nanoClock::getAsLong)
        // Maintenance is small and amortized; running it on the caller keeps eviction deterministic.
        .executor(Runnable::run)
        .build();
  }

  @Override
  public Future<RateLimitDecision> acquire(String key, RateLimitPolicy policy, int cost) {
    RateLimitStore.checkArguments(key, policy, cost);
    long now = nanoClock.getAsLong();
    long emission = policy.emissionIntervalNanos();
    Gcra.Outcome[] outcome = new Gcra.Outcome[1];
    tats.asMap().compute(new StoreKey(policy.name(), key), (k, tat) -> {
      outcome[0] = Gcra.evaluate(tat == null ? now : tat, now, emission, emission * policy.burst(), cost);
      return outcome[0].allowed() ? Long.valueOf(outcome[0].tat()) : tat;
    });
    return Future.succeededFuture(toDecision(outcome[0], policy));
  }

  @Override
  public Future<RateLimitDecision> peek(String key, RateLimitPolicy policy) {
    RateLimitStore.checkArguments(key, policy, 1);
    long now = nanoClock.getAsLong();
    Long tat = tats.getIfPresent(new StoreKey(policy.name(), key));
    long emission = policy.emissionIntervalNanos();
    Gcra.Outcome outcome = Gcra.evaluate(tat == null ? now : tat, now, emission, emission * policy.burst(), 1);
    return Future.succeededFuture(toDecision(outcome, policy));
  }

  /** How many keys are held now (a gauge); approximate under concurrent use. */
  public long estimatedKeys() {
    tats.cleanUp();
    return tats.estimatedSize();
  }

  /**
   * A policy's name and a caller's key. A record of the two rather than their concatenation: both strings are the
   * same instances request after request (the policy's name, the remembered key), so their hashes are cached and
   * nothing is copied per decision.
   */
  private record StoreKey(String policy, String key) {}

  private static RateLimitDecision toDecision(Gcra.Outcome o, RateLimitPolicy policy) {
    return new RateLimitDecision(o.allowed(), policy.burst(), o.remaining(), Duration.ofNanos(o.resetAfter()),
        Duration.ofNanos(o.retryAfter()), true);
  }

  /** An entry lives until its allowance is full again; reads do not extend it. */
  private static final class UntilFull implements Expiry<StoreKey, Long> {
    @Override
    public long expireAfterCreate(StoreKey key, Long tat, long currentTime) {
      return Math.max(0, tat - currentTime);
    }

    @Override
    public long expireAfterUpdate(StoreKey key, Long tat, long currentTime, long currentDuration) {
      return Math.max(0, tat - currentTime);
    }

    @Override
    public long expireAfterRead(StoreKey key, Long tat, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
