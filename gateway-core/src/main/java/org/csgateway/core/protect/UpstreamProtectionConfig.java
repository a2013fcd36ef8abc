package org.csgateway.core.protect;

import java.time.Duration;
import java.util.Objects;

/**
 * The adaptive in-flight limit on requests to the upstream. Immutable and validated on creation. YAML, under
 * {@code upstream.protection}:
 * <pre>
 * initialLimit: 32       # in-flight requests allowed at start
 * minLimit: 2            # the limit never falls below this
 * maxLimit: 64           # nor rises above this (keep it at most upstream.poolSize)
 * queueSize: 256         # requests that may wait for a slot, first come first served
 * queueTimeout: 2s       # how long one may wait before it gets 503
 * latencyTarget: 5s      # an answer slower than this counts as overload
 * backoffRatio: 0.5      # on overload the limit is multiplied by this
 * retryAfter: 1s         # the Retry-After of the gateway's own 503s
 * maxRetryAfter: 120s    # an upstream Retry-After is honoured up to this long
 * </pre>
 */
public record UpstreamProtectionConfig(
    int initialLimit, int minLimit, int maxLimit, int queueSize, Duration queueTimeout, Duration latencyTarget,
    double backoffRatio, Duration retryAfter, Duration maxRetryAfter) {

  public UpstreamProtectionConfig {
    Objects.requireNonNull(queueTimeout, "queueTimeout");
    Objects.requireNonNull(latencyTarget, "latencyTarget");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (minLimit <= 0) {
      throw new IllegalArgumentException("minLimit must be positive, was " + minLimit);
    }
    if (maxLimit < minLimit) {
      throw new IllegalArgumentException("maxLimit must be at least minLimit " + minLimit + ", was " + maxLimit);
    }
    if (initialLimit < minLimit || initialLimit > maxLimit) {
      throw new IllegalArgumentException("initialLimit must be between minLimit " + minLimit + " and maxLimit "
          + maxLimit + ", was " + initialLimit);
    }
    if (queueSize < 0) {
      throw new IllegalArgumentException("queueSize must not be negative, was " + queueSize);
    }
    if (queueTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("queueTimeout must be at least 1ms, was " + queueTimeout);
    }
    if (latencyTarget.toMillis() < 1) {
      throw new IllegalArgumentException("latencyTarget must be at least 1ms, was " + latencyTarget);
    }
    if (!(backoffRatio > 0 && backoffRatio < 1)) {
      throw new IllegalArgumentException("backoffRatio must be above 0 and below 1, was " + backoffRatio);
    }
    if (retryAfter.toSeconds() < 1 || maxRetryAfter.compareTo(retryAfter) < 0) {
      throw new IllegalArgumentException("retryAfter must be at least 1s and maxRetryAfter at least retryAfter, were "
          + retryAfter + " and " + maxRetryAfter);
    }
  }

  /** The defaults above. */
  public static UpstreamProtectionConfig defaults() {
    return new UpstreamProtectionConfig(32, 2, 64, 256, Duration.ofSeconds(2), Duration.ofSeconds(5), 0.5,
        Duration.ofSeconds(1), Duration.ofSeconds(120));
  }
}
