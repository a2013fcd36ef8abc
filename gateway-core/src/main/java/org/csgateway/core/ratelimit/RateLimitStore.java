package org.csgateway.core.ratelimit;

import io.vertx.core.Future;

/**
 * Where GCRA state lives: one theoretical arrival time per (policy name, key), checked and updated atomically in
 * one step, so concurrent requests for one key can never both take the last unit. Implementations never block the
 * calling thread, and their futures complete in bounded time.
 */
public interface RateLimitStore {

  /**
   * Admits or refuses a request of this cost and, when admitted, counts it. A refusal changes nothing.
   *
   * @param key the caller's hashed key ({@link RateLimitKeys}); never an identity in clear
   * @param policy the policy the request falls under; its name partitions the key space
   * @param cost units the request costs, between 1 and the policy's burst
   */
  Future<RateLimitDecision> acquire(String key, RateLimitPolicy policy, int cost);

  /** The decision {@code acquire(key, policy, 1)} would make now, without counting anything. */
  Future<RateLimitDecision> peek(String key, RateLimitPolicy policy);

  /** Checks the arguments every store takes the same way. */
  static void checkArguments(String key, RateLimitPolicy policy, int cost) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (policy == null) {
      throw new IllegalArgumentException("policy must not be null");
    }
    if (cost < 1 || cost > policy.burst()) {
      throw new IllegalArgumentException("cost must be between 1 and burst " + policy.burst() + ", was " + cost);
    }
  }
}
