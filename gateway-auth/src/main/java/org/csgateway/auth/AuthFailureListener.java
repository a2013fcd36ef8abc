package org.csgateway.auth;

import io.vertx.core.Future;
import org.csgateway.core.pipeline.Exchange;

/**
 * Observes failed authentications and authorizations, and may keep callers that keep failing from trying more
 * credentials (the rate-limit stage's {@code FailedAuthenticationLimiter}: {@code admit} is its
 * {@code checkNotBlocked}, {@code onFailure} its {@code recordFailure} for failures that
 * {@link AuthFailure.Kind#isCredentialFailure() are credential failures}). Called on the request's event loop:
 * keep it cheap and non-blocking.
 */
public interface AuthFailureListener {
  /** Observes nothing and admits everyone. */
  AuthFailureListener NONE = (exchange, failure) -> {};

  /** Told about every refusal, and about API credentials the upstream refused. */
  void onFailure(Exchange exchange, AuthFailure failure);

  /**
   * Asked before a credential the gateway does not already know to be good is checked (a new or refused token, a
   * Basic credential not seen valid lately); a failed future, normally a 429 {@code GatewayException} with
   * {@code Retry-After}, refuses the request without checking. Known-good credentials are not asked about, so a
   * remote limiter costs nothing on the common path. Admits everyone by default.
   */
  default Future<Void> admit(Exchange exchange) {
    return Future.succeededFuture();
  }
}
