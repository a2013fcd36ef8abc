package org.csgateway.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code health} section: which dependencies readiness requires besides a loaded configuration and bound
 * listeners, and how often they are checked (never on the request path).
 *
 * @param requireUpstream {@code health.requireUpstream}, default false: ready only while the upstream accepts
 *     connections
 * @param requireRedis {@code health.requireRedis}, default false: ready only while every configured Redis (rate
 *     limits, cache evictions) answers PING
 * @param checkInterval {@code health.checkInterval}, default 5s
 */
public record HealthSettings(boolean requireUpstream, boolean requireRedis, Duration checkInterval) {
  public HealthSettings {
    Objects.requireNonNull(checkInterval, "checkInterval");
    if (checkInterval.toMillis() < 1) {
      throw new IllegalArgumentException("checkInterval must be at least 1ms, was " + checkInterval);
    }
  }

  public static HealthSettings defaults() {
    return new HealthSettings(false, false, Duration.ofSeconds(5));
  }
}
