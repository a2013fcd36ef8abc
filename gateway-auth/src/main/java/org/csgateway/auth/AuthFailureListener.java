package org.csgateway.auth;

/**
 * Told about every refused or failed authentication and authorization, on the event loop of the request: keep it
 * cheap and non-blocking (count, or feed a limiter). The rate-limit stage uses it to be stricter with callers
 * that keep failing.
 */
@FunctionalInterface
public interface AuthFailureListener {
  AuthFailureListener NONE = failure -> {};

  void onFailure(AuthFailure failure);
}
