package org.csgateway.core.routing;

/** What a route asks of the caller, as the route table states it. */
public enum AuthMode {
  /** A credential is required and the route's scopes are checked for every token. */
  SCOPED,
  /** A credential is required; the upstream checks no scope but needs a user behind it. */
  USER_ONLY,
  /** An admin route: a credential is required and the admin scopes are checked. */
  ADMIN_USER,
  /** No credential is needed (for example the 2FA authcheck). */
  NONE,
  /** An OAuth endpoint of the upstream, forwarded untouched (it authenticates the client itself). */
  OAUTH;

  /** Whether a request on such a route must carry a valid credential. */
  public boolean requiresCredential() {
    return this == SCOPED || this == USER_ONLY || this == ADMIN_USER;
  }
}
