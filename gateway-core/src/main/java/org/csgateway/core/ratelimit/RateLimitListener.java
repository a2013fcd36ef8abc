package org.csgateway.core.ratelimit;

/**
 * Hooks for metrics (and tests) on rate limiting: decisions, and the shared store's availability. Called on the
 * request path from any event loop, so implementations must be cheap, thread-safe and must not throw. Every method
 * has a no-op default.
 */
public interface RateLimitListener {

  /** A listener that ignores everything. */
  RateLimitListener NONE = new RateLimitListener() {};

  /** A request was admitted or refused under this policy (label by {@code policy.name()}, never by key). */
  default void onDecision(RateLimitPolicy policy, RateLimitDecision decision) {}

  /**
   * A request under this policy got no decision because the store failed it (Redis unavailable in {@code deny}
   * mode, or any other store failure): it was refused with that failure.
   */
  default void onUndecided(RateLimitPolicy policy) {}

  /** The shared store stopped answering; called once per outage, not per request. */
  default void onStoreUnavailable(Throwable cause) {}

  /** The shared store answers again; called once per recovery. */
  default void onStoreRecovered() {}

  /** One decision was taken by the configured fallback because the shared store is unavailable. */
  default void onFallback(RedisUnavailableMode mode) {}
}
