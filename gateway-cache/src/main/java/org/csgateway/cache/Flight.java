package org.csgateway.cache;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One request on its way upstream to fill (or revalidate) an entry, which identical requests wait on instead of
 * going upstream themselves. It completes with the stored entry, or with null when nothing could be stored (the
 * answer was not storable, failed midway, was made stale by an eviction while in flight, or the flight was
 * replaced for taking too long: then it is "poisoned" and stores nothing).
 */
final class Flight {
  // A field and its updater rather than an AtomicInteger: one object fewer per miss, on a path that makes thousands a
  // second.
  private static final AtomicIntegerFieldUpdater<Flight> WAITERS =
      AtomicIntegerFieldUpdater.newUpdater(Flight.class, "waiters");

  private final CacheKey key;
  private final long startNanos;
  private final long generation;
  private final Promise<CachedResponse> result = Promise.promise();
  private volatile int waiters;
  private volatile boolean poisoned;

  /**
   * @param generation the {@link Invalidations#current()} generation as the flight starts, which its entry keeps
   */
  Flight(CacheKey key, long startNanos, long generation) {
    this.key = key;
    this.startNanos = startNanos;
    this.generation = generation;
  }

  CacheKey key() {
    return key;
  }

  long generation() {
    return generation;
  }

  /** Completes on whichever thread finished the flight; waiters move back to their own context. */
  Future<CachedResponse> result() {
    return result.future();
  }

  /** Whether it has been on its way so long that new requests should no longer wait for it. */
  boolean isStuck(long nowNanos, long timeoutNanos) {
    return nowNanos - startNanos >= timeoutNanos;
  }

  /** Registers one more waiter unless there are already {@code max}. */
  boolean addWaiter(int max) {
    if (WAITERS.incrementAndGet(this) > max) {
      WAITERS.decrementAndGet(this);
      return false;
    }
    return true;
  }

  /** Whether any request is waiting for this flight's answer. */
  boolean hasWaiters() {
    return waiters > 0;
  }

  void poison() {
    poisoned = true;
  }

  boolean isPoisoned() {
    return poisoned;
  }

  void complete(CachedResponse stored) {
    result.tryComplete(stored);
  }
}
