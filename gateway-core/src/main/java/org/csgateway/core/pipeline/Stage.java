package org.csgateway.core.pipeline;

/**
 * The fixed order of the request path. A {@link Pipeline} accepts filters only in non-decreasing stage order and
 * requires exactly one {@link #FORWARD} filter, last. The order lives here and nowhere else: filters never know
 * their neighbours.
 */
public enum Stage {
  /** Concerns that wrap every answer, the gateway's own errors included (CORS, request id). */
  EDGE,
  /** Resolve the route; refuse blocked and unknown paths. */
  ROUTE,
  /** API version and pagination parameters; an unsupported version is refused before any credential is read. */
  NORMALIZE,
  /** Who is calling: puts a principal on the exchange or answers 401. */
  AUTHENTICATE,
  /** What they may do: checks the route's scopes or answers 403. */
  AUTHORIZE,
  /** Per-caller limits: answers 429. */
  RATE_LIMIT,
  /** Per-caller response cache: may answer without going further. */
  CACHE,
  /** Rewrites upstream answers (error shapes, Link URLs) before they are cached or returned. */
  TRANSFORM,
  /** Protects the upstream: in-flight limit, answers 503. */
  UPSTREAM_GUARD,
  /** The terminal stage: sends the request upstream and returns its response. */
  FORWARD
}
