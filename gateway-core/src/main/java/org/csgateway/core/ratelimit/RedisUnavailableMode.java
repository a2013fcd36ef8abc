package org.csgateway.core.ratelimit;

import java.util.Locale;

/**
 * What the Redis store does while Redis does not answer within the command timeout. YAML:
 * {@code rateLimit.redis.onUnavailable: local | allow | deny}.
 */
public enum RedisUnavailableMode {
  /** Decide with this instance's in-memory store: limits stay enforced, per instance instead of shared. */
  LOCAL,
  /** Admit every request unchecked (fail open); no {@code RateLimit} field is sent. */
  ALLOW,
  /** Refuse every limited request with 503 and {@code Retry-After} (fail closed). */
  DENY;

  /** Parses a YAML value, case-insensitively. */
  public static RedisUnavailableMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("onUnavailable must be one of local, allow, deny, was '" + value + "'", e);
    }
  }
}
