package org.csgateway.app;

import io.vertx.core.Future;
import java.util.Objects;
import org.csgateway.auth.AuthFailure;
import org.csgateway.auth.AuthFailureListener;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.ratelimit.FailedAuthenticationLimiter;

/**
 * Connects the authentication stage to the failed-authentication budget ({@code rateLimit.failedAuthentication}):
 * a caller whose budget is used up gets 429 before its credential is checked, and every wrong credential (not a
 * missing one, not a missing scope) draws from the budget of its client address.
 */
final class FailedAuthenticationListener implements AuthFailureListener {
  private final FailedAuthenticationLimiter limiter;

  FailedAuthenticationListener(FailedAuthenticationLimiter limiter) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  @Override
  public void onFailure(Exchange exchange, AuthFailure failure) {
    if (failure.kind().isCredentialFailure()) {
      limiter.recordFailure(exchange);
    }
  }

  @Override
  public Future<Void> admit(Exchange exchange) {
    return limiter.checkNotBlocked(exchange, null);
  }
}
