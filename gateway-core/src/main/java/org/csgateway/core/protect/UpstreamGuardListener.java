package org.csgateway.core.protect;

/**
 * Hooks for metrics on upstream protection; the gauges (in flight, limit, queued) are read from
 * {@link UpstreamConcurrencyLimiter}. Called from any event loop: implementations must be cheap, thread-safe and
 * must not throw. Every method has a no-op default.
 */
public interface UpstreamGuardListener {

  /** A listener that ignores everything. */
  UpstreamGuardListener NONE = new UpstreamGuardListener() {};

  /** Why a request was answered 503 without reaching the upstream. */
  enum Rejection {
    /** The wait queue was full. */
    QUEUE_FULL,
    /** The request waited {@code queueTimeout} without getting a slot. */
    QUEUE_TIMEOUT,
    /** The upstream asked (with {@code Retry-After}) not to be sent anything for now. */
    UPSTREAM_BACKOFF
  }

  /** The adaptive limit changed. */
  default void onLimitChanged(int previous, int current) {}

  /** A request was refused with 503. */
  default void onRejected(Rejection reason) {}
}
