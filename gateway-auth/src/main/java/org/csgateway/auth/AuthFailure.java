package org.csgateway.auth;

import java.util.Objects;

/**
 * One refused or failed authentication or authorization, for counters and for the stricter rate limit applied to
 * callers that keep failing. Carries no secret: the credential appears only as its hash.
 *
 * @param kind what went wrong
 * @param routeId the route template, or "unmatched"
 * @param clientAddress the caller's address, resolved through the trusted proxies
 * @param credentialHash the SHA-256 of the token or the HMAC key of the Basic credential, or null when there was none
 * @param principalId the principal, when one was established (insufficient scope), else null
 */
public record AuthFailure(
    Kind kind, String routeId, String clientAddress, String credentialHash, String principalId) {

  public AuthFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(clientAddress, "clientAddress");
  }

  /** The kinds of failure, each with the status it was answered with by default. */
  public enum Kind {
    /** No credential on a route that needs one (401). */
    MISSING_CREDENTIALS,
    /** An unknown, expired or revoked token (401). */
    INVALID_TOKEN,
    /** API credentials the upstream refused, answered at the gateway (401). */
    INVALID_BASIC,
    /** A credential the gateway could not be sure to read as the upstream would (400). */
    AMBIGUOUS_REQUEST,
    /** A valid credential without the route's scopes (403). */
    INSUFFICIENT_SCOPE,
    /** The authorization server could not be asked (503). */
    AUTH_SERVER_UNAVAILABLE;

    /** Whether this is a wrong credential, the kind a limiter on credential guessing counts. */
    public boolean isCredentialFailure() {
      return this == INVALID_TOKEN || this == INVALID_BASIC;
    }
  }
}
