package org.csgateway.core.ratelimit;

import java.time.Duration;
import java.util.Objects;
import org.csgateway.core.pipeline.AttributeKey;

/**
 * What a {@link RateLimitStore} decided for one request under one policy. A refused request was not counted: the
 * caller's state is exactly as it was before.
 *
 * @param allowed whether the request may proceed
 * @param limit the policy's quota: how many requests (cost units) can pass at once with a full allowance
 * @param remaining how many cost units could pass right now after this decision
 * @param resetAfter how long until the allowance is full again
 * @param retryAfter for a refusal, how long until the same request would be admitted; zero when allowed
 * @param enforced false when the limit could not be checked (the shared store is unreachable and the configured
 *     fallback is to allow): the numbers are then not meaningful and no {@code RateLimit} field is sent
 */
public record RateLimitDecision(
    boolean allowed, long limit, long remaining, Duration resetAfter, Duration retryAfter, boolean enforced) {

  /** Where the rate-limit stage leaves its decision, for access logs and metrics. */
  public static final AttributeKey<RateLimitDecision> KEY = AttributeKey.of("rateLimitDecision", RateLimitDecision.class);

  public RateLimitDecision {
    Objects.requireNonNull(resetAfter, "resetAfter");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    if (remaining < 0) {
      throw new IllegalArgumentException("remaining must not be negative, was " + remaining);
    }
    if (resetAfter.isNegative() || retryAfter.isNegative()) {
      throw new IllegalArgumentException("resetAfter and retryAfter must not be negative, were " + resetAfter
          + " and " + retryAfter);
    }
  }

  /** A pass granted without checking, when the store is unreachable and the configured fallback is to allow. */
  public static RateLimitDecision unenforced(long limit) {
    return new RateLimitDecision(true, limit, limit, Duration.ZERO, Duration.ZERO, false);
  }

  /** {@link #resetAfter} in whole seconds, rounded up (the {@code t} of the {@code RateLimit} field). */
  public long resetAfterSeconds() {
    return ceilSeconds(resetAfter);
  }

  /** {@link #retryAfter} in whole seconds, rounded up and at least 1 for a refusal (the {@code Retry-After}). */
  public long retryAfterSeconds() {
    long seconds = ceilSeconds(retryAfter);
    return allowed ? seconds : Math.max(1, seconds);
  }

  static long ceilSeconds(Duration d) {
    long seconds = d.getSeconds();
    return d.getNano() > 0 ? seconds + 1 : seconds;
  }
}
