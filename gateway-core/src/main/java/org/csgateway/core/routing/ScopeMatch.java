package org.csgateway.core.routing;

/** How a route's scopes combine. */
public enum ScopeMatch {
  /** At least one of the scopes (Doorkeeper's {@code doorkeeper_authorize! :a, :b}). */
  ANY,
  /** Every scope (several before-actions, each checking one). */
  ALL,
  /** No scope is checked. */
  NONE
}
