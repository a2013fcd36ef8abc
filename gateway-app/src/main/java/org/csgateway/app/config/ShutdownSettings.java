package org.csgateway.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code shutdown} section: how a stop (SIGTERM) drains. Readiness turns false at once; the proxy keeps serving
 * for {@code drainDelay} so load balancers notice, then stops accepting and lets the requests in flight finish for
 * up to {@code drainTimeout} before the remaining connections are closed.
 *
 * @param drainDelay {@code shutdown.drainDelay}, default 5s (0 stops accepting at once)
 * @param drainTimeout {@code shutdown.drainTimeout}, default 30s
 */
public record ShutdownSettings(Duration drainDelay, Duration drainTimeout) {
  public ShutdownSettings {
    Objects.requireNonNull(drainDelay, "drainDelay");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (drainDelay.isNegative()) {
      throw new IllegalArgumentException("drainDelay must not be negative, was " + drainDelay);
    }
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout must not be negative, was " + drainTimeout);
    }
  }

  public static ShutdownSettings defaults() {
    return new ShutdownSettings(Duration.ofSeconds(5), Duration.ofSeconds(30));
  }
}
