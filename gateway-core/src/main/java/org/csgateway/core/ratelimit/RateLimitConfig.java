package org.csgateway.core.ratelimit;

import java.util.List;
import java.util.Objects;

/**
 * The whole {@code rateLimit:} section. Immutable and validated on creation.
 * <pre>
 * rateLimit:
 *   store: local                 # local | redis
 *   local: {maxKeys: 100000}     # the in-memory store's bound (also the Redis fallback's)
 *   redis: {...}                 # RedisRateLimitConfig; required when store is redis
 *   policies: [...]              # RateLimitPolicy, first match wins; default [oauth-token, default]
 *   failedAuthentication: {name: auth-failures, rate: 10, period: 5m, burst: 10}
 * </pre>
 * A gateway without limits is one whose {@code PipelineFactory} adds no {@link RateLimitFilter}, not a flag here.
 *
 * @param store which store holds the allowances
 * @param maxLocalKeys {@code rateLimit.local.maxKeys}
 * @param redis {@code rateLimit.redis}; null unless the store is Redis
 * @param policies {@code rateLimit.policies}, in order of precedence, with unique names
 * @param failedAuthentication {@code rateLimit.failedAuthentication}: the budget of failed authentications per
 *     address and per client id
 */
public record RateLimitConfig(
    StoreKind store, long maxLocalKeys, RedisRateLimitConfig redis, List<RateLimitPolicy> policies,
    RateLimitPolicy failedAuthentication) {

  /** Which store holds the allowances: {@code rateLimit.store: local | redis}. */
  public enum StoreKind { LOCAL, REDIS }

  public RateLimitConfig {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(failedAuthentication, "failedAuthentication");
    policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
    if (maxLocalKeys <= 0) {
      throw new IllegalArgumentException("maxLocalKeys must be positive, was " + maxLocalKeys);
    }
    if (store == StoreKind.REDIS && redis == null) {
      throw new IllegalArgumentException("redis must be configured when store is redis");
    }
    List<String> names = policies.stream().map(RateLimitPolicy::name).toList();
    if (names.stream().distinct().count() != names.size() || names.contains(failedAuthentication.name())) {
      throw new IllegalArgumentException("policy names must be unique (failedAuthentication included), were "
          + names + " and " + failedAuthentication.name());
    }
  }

  /** Local store of 100,000 keys; the oauth-token and per-caller default policies; the failed-auth default. */
  public static RateLimitConfig defaults() {
    return new RateLimitConfig(StoreKind.LOCAL, 100_000, null,
        List.of(RateLimitPolicy.oauthTokenDefault(), RateLimitPolicy.callerDefault()),
        RateLimitPolicy.failedAuthenticationDefault());
  }
}
