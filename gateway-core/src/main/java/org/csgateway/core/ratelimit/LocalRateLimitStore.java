package org.csgateway.core.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * GCRA state in this process: a bounded Caffeine map from (policy, key) to a cell holding the theoretical arrival
 * time. A key is forgotten once it has been idle for its policy's whole refill time (burst × emission interval):
 * whatever its state was, its allowance is full by then, and a full allowance equals no state. Past
 * {@code maximumKeys} the least useful entries are evicted, which at worst gives an evicted caller a fresh allowance.
 * Thread-safe.
 *
 * <p>A decision is a lookup on Caffeine's read path and a compare-and-set on the cell, not a {@code compute}: a
 * write would put every request through Caffeine's write buffer and, with maintenance on the caller's thread, a
 * maintenance run (1.4% of a full-pipeline request's event-loop time in the profile, against a 5% budget for the
 * whole limiter). Expiring on idleness rather than on the exact TAT is what allows it: a read can set an entry's
 * expiry before its request's outcome is known, and an admitted request never puts the TAT beyond now + the refill
 * time.
 */
public final class LocalRateLimitStore implements RateLimitStore {
  /** The TAT of a cell no request has been admitted on: earlier than any clock reading. */
  private static final long NO_TAT = Long.MIN_VALUE;

  private final Cache<StoreKey, Cell> cells;
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
    this.cells = Caffeine.newBuilder()
        .maximumSize(maximumKeys)
        .expireAfter(new IdleForRefill())
        .ticker(nanoClock::getAsLong)
        // Maintenance is small and amortized; running it on the caller keeps eviction deterministic.
        .executor(Runnable::run)
        .build();
  }

  @Override
  public Future<RateLimitDecision> acquire(String key, RateLimitPolicy policy, int cost) {
    RateLimitStore.checkArguments(key, policy, cost);
    long emission = policy.emissionIntervalNanos();
    long tolerance = policy.refillNanos();
    // Read before the lookup: the expiry the lookup sets (its own now + tolerance) is then never earlier than the
    // TAT an admission at this now can store.
    long now = nanoClock.getAsLong();
    Cell cell = cells.get(new StoreKey(policy.name(), key), k -> new Cell(tolerance));
    if (cell.refillNanos != tolerance) {
      cell.refillNanos = tolerance; // a reload changed the policy's rate or burst
    }
    long stored;
    Gcra.Outcome outcome;
    do { // a failed set means another event loop admitted a request of this caller: decide again on its TAT
      stored = cell.get();
      outcome = Gcra.evaluate(stored, now, emission, tolerance, cost);
    } while (outcome.allowed() && !cell.compareAndSet(stored, outcome.tat()));
    return Future.succeededFuture(toDecision(outcome, policy));
  }

  @Override
  public Future<RateLimitDecision> peek(String key, RateLimitPolicy policy) {
    RateLimitStore.checkArguments(key, policy, 1);
    long now = nanoClock.getAsLong();
    Cell cell = cells.policy().getIfPresentQuietly(new StoreKey(policy.name(), key)); // a peek is not a use
    Gcra.Outcome outcome = Gcra.evaluate(cell == null ? NO_TAT : cell.get(), now, policy.emissionIntervalNanos(),
        policy.refillNanos(), 1);
    return Future.succeededFuture(toDecision(outcome, policy));
  }

  /** How many keys are held now (a gauge); approximate under concurrent use. */
  public long estimatedKeys() {
    cells.cleanUp();
    return cells.estimatedSize();
  }

  /**
   * A policy's name and a caller's key. A record of the two rather than their concatenation: both strings are the
   * same instances request after request (the policy's name, the remembered key), so their hashes are cached and
   * nothing is copied per decision.
   */
  private record StoreKey(String policy, String key) {}

  /** One key's TAT, changed only by compare-and-set, and how long the key may idle before it is forgotten. */
  private static final class Cell extends AtomicLong {
    volatile long refillNanos;

    Cell(long refillNanos) {
      super(NO_TAT);
      this.refillNanos = refillNanos;
    }
  }

  private static RateLimitDecision toDecision(Gcra.Outcome o, RateLimitPolicy policy) {
    return new RateLimitDecision(o.allowed(), policy.burst(), o.remaining(), Duration.ofNanos(o.resetAfter()),
        Duration.ofNanos(o.retryAfter()), true);
  }

  /** Every use of a key (made, or looked up to decide) keeps it for its policy's whole refill time from then. */
  private static final class IdleForRefill implements Expiry<StoreKey, Cell> {
    @Override
    public long expireAfterCreate(StoreKey key, Cell cell, long currentTime) {
      return cell.refillNanos;
    }

    @Override
    public long expireAfterUpdate(StoreKey key, Cell cell, long currentTime, long currentDuration) {
      return cell.refillNanos;
    }

    @Override
    public long expireAfterRead(StoreKey key, Cell cell, long currentTime, long currentDuration) {
      return cell.refillNanos;
    }
  }
}
