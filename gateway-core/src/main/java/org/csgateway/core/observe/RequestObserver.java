package org.csgateway.core.observe;

/**
 * Told once about every request the proxy listener received, when its answer ended or could not be completed: the
 * hook of metrics and access logs. Called on the request's event loop, so an implementation must be cheap,
 * non-blocking and thread-safe (every event loop calls it), and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {
  /** Observes nothing; the server then does not even track requests for it. */
  RequestObserver NONE = record -> {};

  void onRequestEnd(RequestRecord record);

  /** Tells both observers, this one first; NONE on either side is left out. */
  default RequestObserver andThen(RequestObserver next) {
    if (this == NONE) {
      return next;
    }
    if (next == NONE) {
      return this;
    }
    RequestObserver first = this;
    return record -> {
      first.onRequestEnd(record);
      next.onRequestEnd(record);
    };
  }
}
