package org.csgateway.auth;

import org.csgateway.core.pipeline.Exchange;

/** Tells a listener about a failure without letting a faulty listener turn a refusal into a 500. */
final class AuthFailures {
  private static final System.Logger LOG = System.getLogger(AuthFailures.class.getName());

  private AuthFailures() {}

  static void notify(AuthFailureListener listener, Exchange exchange, AuthFailure failure) {
    try {
      listener.onFailure(exchange, failure);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "An auth failure listener failed on " + failure.kind(), e);
    }
  }
}
