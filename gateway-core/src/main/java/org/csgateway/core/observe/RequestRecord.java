package org.csgateway.core.observe;

import java.util.Objects;

/**
 * What one request was, once it ended: what metrics and the access log need, with label values bounded by
 * construction (a route id from the table or one of {@link #UNMATCHED}, {@link #BLOCKED}, {@link #NONE}; a method
 * name) and nothing secret (the principal is its id, which carries no credential; never a raw path or query).
 *
 * @param requestId the id sent back in {@code X-Request-Id}
 * @param routeId the matched route's id, {@link #UNMATCHED}, {@link #BLOCKED}, or {@link #NONE} for a request
 *     refused before routing
 * @param method the request method's name as the client sent it (unbounded: label it through a fixed set)
 * @param path the request's path without its query (which may carry tokens): for logs only, never a label
 * @param status the status answered; 499 when the client went away before any answer was sent
 * @param outcome how the exchange ended
 * @param totalNanos from the request's head until its answer ended (or was cut)
 * @param upstreamNanos time spent waiting on the upstream (connecting, sending, until its answer's head), or -1
 *     when the request never went upstream
 * @param bytesIn request body bytes received
 * @param bytesOut response body bytes written
 * @param clientAddress the client's address, resolved through the trusted proxies
 * @param principalId who called (see {@code Principal.id()}), or null when nobody was authenticated
 * @param apiVersion the normalized API version number, or null when the version stage did not set one
 * @param cacheResult hit, miss, bypass or revalidated; null when the cache did not look at the request
 * @param rateLimitResult allowed, limited or store_unavailable; null when no rate-limit policy applied
 * @param authKind basic, bearer or none; null when authentication did not look at the request
 * @param authResult ok, invalid, expired, forbidden or unavailable; null with {@code authKind}
 */
public record RequestRecord(
    String requestId, String routeId, String method, String path, int status, Outcome outcome,
    long totalNanos, long upstreamNanos, long bytesIn, long bytesOut, String clientAddress,
    String principalId, String apiVersion, String cacheResult, String rateLimitResult,
    String authKind, String authResult) {

  /** The route id of a request no route matched (passed through or refused 404). */
  public static final String UNMATCHED = "unmatched";
  /** The route id of a request refused because its path is blocked. */
  public static final String BLOCKED = "blocked";
  /** The route id of a request refused before routing (malformed or over a limit). */
  public static final String NONE = "none";
  /** The status recorded when the client closed the connection before any answer was sent (as nginx logs it). */
  public static final int CLIENT_CLOSED_STATUS = 499;

  public RequestRecord {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(clientAddress, "clientAddress");
  }

  /** How a request's exchange ended. */
  public enum Outcome {
    /** The answer was written to its end. */
    COMPLETED,
    /** Refused at the edge before the pipeline ran: malformed, or over a size limit (400, 413, 414, 431). */
    REFUSED,
    /** The request body did not arrive in time (408, or the connection closed under an answer under way). */
    TIMED_OUT,
    /** The client closed the connection (or reset the stream) before the answer ended. */
    CLIENT_CLOSED,
    /** The gateway cut the answer midway because the upstream's body failed. */
    RESET
  }

  /** Time spent in the gateway: the total less the wait on the upstream. */
  public long gatewayNanos() {
    return upstreamNanos < 0 ? totalNanos : Math.max(0, totalNanos - upstreamNanos);
  }

  /** The status class label: "1xx" to "5xx". */
  public String statusClass() {
    return StatusClasses.of(status);
  }
}
