package org.csgateway.core.forward;

/**
 * Hooks for metrics on the forward stage: retries and upstream failures. Called on the request's event loop from
 * every event loop, so implementations must be cheap, thread-safe and must not throw. Every method has a no-op
 * default; with {@link #NONE} the forward stage does not even time the upstream.
 */
public interface ForwardListener {
  /** Observes nothing. */
  ForwardListener NONE = new ForwardListener() {};

  /** Why an exchange with the upstream failed. */
  enum ErrorKind {
    /** No connection could be made (refused, unreachable). */
    CONNECT,
    /** Connecting, waiting for a pooled connection or for the answer took too long. */
    TIMEOUT,
    /** The connection closed or was reset before the answer's head arrived. */
    RESET
  }

  /** One more attempt was made after a failed one. */
  default void onRetry() {}

  /** The upstream failed the request (after any retries); not called for failures of the client's own body. */
  default void onError(ErrorKind kind) {}
}
