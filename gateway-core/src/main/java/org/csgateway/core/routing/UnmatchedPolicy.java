package org.csgateway.core.routing;

/** What the route stage does with a request whose path and method match no route of the table. */
public enum UnmatchedPolicy {
  /**
   * Refuse it at the gateway: 404 {@code {"errors":["Unknown API Call. Please check the documentation."]}} (the
   * upstream's own answer) for an unknown path, 405 with {@code Allow} for a known path with another method.
   */
  REJECT,
  /**
   * Forward it without a route (the route id is then "unmatched"), for upstreams that have routes the table lacks.
   * Blocked and malformed paths are refused all the same.
   */
  FORWARD
}
