package org.csgateway.auth;

import org.csgateway.core.identity.CredentialKind;
import org.csgateway.core.identity.Principal;
import org.csgateway.core.observe.Observations;
import org.csgateway.core.observe.Observations.AuthResult;
import org.csgateway.core.pipeline.Exchange;

/**
 * Tells a listener about a failure without letting a faulty listener turn a refusal into a 500, and leaves the
 * verdict on the exchange for metrics and the access log.
 */
final class AuthFailures {
  private static final System.Logger LOG = System.getLogger(AuthFailures.class.getName());
  static final AuthResult NO_CREDENTIAL = new AuthResult(AuthResult.NO_CREDENTIAL, AuthResult.INVALID);
  static final AuthResult INVALID_BEARER = new AuthResult(AuthResult.BEARER, AuthResult.INVALID);
  static final AuthResult EXPIRED_BEARER = new AuthResult(AuthResult.BEARER, AuthResult.EXPIRED);
  static final AuthResult INVALID_BASIC = new AuthResult(AuthResult.BASIC, AuthResult.INVALID);
  static final AuthResult UNAVAILABLE = new AuthResult(AuthResult.BEARER, AuthResult.UNAVAILABLE);
  static final AuthResult FORBIDDEN_BEARER = new AuthResult(AuthResult.BEARER, AuthResult.FORBIDDEN);
  static final AuthResult FORBIDDEN_BASIC = new AuthResult(AuthResult.BASIC, AuthResult.FORBIDDEN);

  private AuthFailures() {}

  static void notify(AuthFailureListener listener, Exchange exchange, AuthFailure failure) {
    Observations.authResult(exchange, resultOf(exchange, failure.kind()));
    try {
      listener.onFailure(exchange, failure);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "An auth failure listener failed on " + failure.kind(), e);
    }
  }

  private static AuthResult resultOf(Exchange exchange, AuthFailure.Kind kind) {
    return switch (kind) {
      case MISSING_CREDENTIALS, AMBIGUOUS_REQUEST -> NO_CREDENTIAL;
      case INVALID_TOKEN -> INVALID_BEARER;
      case INVALID_BASIC -> INVALID_BASIC;
      case AUTH_SERVER_UNAVAILABLE -> UNAVAILABLE;
      case INSUFFICIENT_SCOPE -> {
        Principal principal = exchange.get(Principal.KEY);
        yield principal != null && principal.kind() == CredentialKind.BASIC ? FORBIDDEN_BASIC : FORBIDDEN_BEARER;
      }
    };
  }
}
