package org.csgateway.core.ratelimit;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.csgateway.core.error.GatewayException;
import org.csgateway.core.pipeline.Exchange;

/**
 * Slows credential guessing: the authentication stage records each failed authentication, and asks before checking
 * a credential whether the caller is blocked. Failures are counted per client address and, when the request names
 * an OAuth client id, per client id too (so guessing one application's secret from many addresses is slowed as
 * well); a caller is blocked while either allowance is used up. Only failures count: successful authentications
 * cost nothing. Thread-safe.
 */
public final class FailedAuthenticationLimiter {
  private final RateLimitStore store;
  private final RateLimitPolicy policy;
  private final RateLimitKeys keys = new RateLimitKeys();

  /**
   * @param store where the failure allowances live (the same store as the rate limits: Redis shares them)
   * @param policy rate, period and burst of failures ({@code rateLimit.failedAuthentication}); its routes and key
   *     are not used
   */
  public FailedAuthenticationLimiter(RateLimitStore store, RateLimitPolicy policy) {
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Counts one failed authentication from this exchange's client address. */
  public Future<Void> recordFailure(Exchange exchange) {
    return recordFailure(exchange, null);
  }

  /** Counts one failed authentication from this client address and, when not null, for this client id. */
  public Future<Void> recordFailure(Exchange exchange, String clientId) {
    List<Future<RateLimitDecision>> counted = new ArrayList<>(2);
    for (String key : keys(exchange, clientId)) {
      counted.add(store.acquire(key, policy, 1));
    }
    return Future.all(counted).mapEmpty();
  }

  /** Whether one more failure would exceed the allowance of this address (or client id, when given). */
  public Future<Boolean> isBlocked(Exchange exchange, String clientId) {
    return blockedFor(exchange, clientId).map(seconds -> seconds > 0);
  }

  /** Whether one more failure would exceed the allowance of this exchange's client address. */
  public Future<Boolean> isBlocked(Exchange exchange) {
    return isBlocked(exchange, null);
  }

  /**
   * Succeeds when the caller may try a credential, else fails with a 429 {@link GatewayException} carrying
   * {@code Retry-After}, which the pipeline turns into the error answer.
   */
  public Future<Void> checkNotBlocked(Exchange exchange, String clientId) {
    return blockedFor(exchange, clientId).compose(seconds -> seconds == 0 ? Future.succeededFuture()
        : Future.failedFuture(new GatewayException(429, "TOO_MANY_FAILED_AUTHENTICATIONS",
            "Too many failed authentication attempts; retry in " + seconds + " seconds",
            Map.of(RateLimitHeaders.RETRY_AFTER, Long.toString(seconds)), null)));
  }

  /** Seconds until the caller may try again, 0 when not blocked. */
  private Future<Long> blockedFor(Exchange exchange, String clientId) {
    List<Future<RateLimitDecision>> peeks = new ArrayList<>(2);
    for (String key : keys(exchange, clientId)) {
      peeks.add(store.peek(key, policy));
    }
    return Future.all(peeks).map(all -> {
      long seconds = 0;
      for (int i = 0; i < all.size(); i++) {
        RateLimitDecision decision = all.resultAt(i);
        if (decision.enforced() && !decision.allowed()) {
          seconds = Math.max(seconds, decision.retryAfterSeconds());
        }
      }
      return seconds;
    });
  }

  private List<String> keys(Exchange exchange, String clientId) {
    String address = keys.hash("address:" + exchange.clientAddress());
    return clientId == null || clientId.isEmpty() ? List.of(address)
        : List.of(address, keys.hash("client:" + clientId));
  }
}
