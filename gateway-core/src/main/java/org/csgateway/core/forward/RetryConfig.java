package org.csgateway.core.forward;

import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Set;

/**
 * When a request that failed on its way upstream may be sent again. Only idempotent methods can be retried, only
 * when the upstream cannot have acted on the request (see {@link ForwardFilter}), and only within a per-route
 * budget: retries may not exceed {@code budgetRatio} of the route's retryable requests over a ten-second window,
 * plus a reserve of {@code minRetriesPerSecond}.
 *
 * @param attempts how many extra tries a request may get, 0 to disable retries
 * @param methods the methods that may be retried: a subset of GET, HEAD, OPTIONS, PUT and DELETE
 * @param budgetRatio retries allowed per request, 0 to 1000 (0.2 = one retry per five requests)
 * @param minRetriesPerSecond retries allowed per second regardless of traffic
 */
public record RetryConfig(int attempts, Set<HttpMethod> methods, double budgetRatio, int minRetriesPerSecond) {
  /** The methods that may be configured; POST, PATCH and the rest are never retried. */
  public static final Set<HttpMethod> RETRYABLE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE);

  public RetryConfig {
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
    }
    methods = Set.copyOf(Objects.requireNonNull(methods, "methods"));
    for (HttpMethod method : methods) {
      if (!RETRYABLE.contains(method)) {
        throw new IllegalArgumentException(
            "methods may only name GET, HEAD, OPTIONS, PUT or DELETE (never retried: " + method + ")");
      }
    }
    if (!(budgetRatio >= 0 && budgetRatio <= 1000)) {
      throw new IllegalArgumentException("budgetRatio must be between 0 and 1000, was " + budgetRatio);
    }
    if (minRetriesPerSecond < 0) {
      throw new IllegalArgumentException("minRetriesPerSecond must not be negative, was " + minRetriesPerSecond);
    }
  }

  /** One extra try for GET, HEAD and OPTIONS, within 20% of requests plus 10 per second. */
  public static RetryConfig defaults() {
    return new RetryConfig(1, Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS), 0.2, 10);
  }

  /** No retries at all. */
  public static RetryConfig disabled() {
    return new RetryConfig(0, Set.of(), 0, 0);
  }

  /** Whether a request with this method may be retried at all. */
  public boolean allows(HttpMethod method) {
    return attempts > 0 && methods.contains(method);
  }
}
