package org.csgateway.app.config;

import java.util.Objects;
import org.csgateway.core.ratelimit.RateLimitConfig;

/**
 * The {@code rateLimit} section. The rate-limit filter is added when enabled and at least one policy is configured;
 * the failed-authentication limiter works with the authentication stage whenever this is enabled.
 *
 * @param enabled {@code rateLimit.enabled}, default true
 * @param config the store, the policies and the failed-authentication budget
 */
public record RateLimitSettings(boolean enabled, RateLimitConfig config) {
  public RateLimitSettings {
    Objects.requireNonNull(config, "config");
  }

  public static RateLimitSettings defaults() {
    return new RateLimitSettings(true, RateLimitConfig.defaults());
  }

  /** Whether the rate-limit filter belongs in the pipeline. */
  public boolean limitsRequests() {
    return enabled && !config.policies().isEmpty();
  }
}
