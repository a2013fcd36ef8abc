package org.csgateway.core.protect;

import io.vertx.core.Future;
import java.util.Objects;
import org.csgateway.core.error.ErrorResponder;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * Protects the upstream: every request that reaches this stage holds a slot of the
 * {@link UpstreamConcurrencyLimiter} from before it is forwarded until the upstream's answer BODY has ended or
 * failed (not merely until its head arrived), or is refused with 503, {@code Retry-After} and an errors body. It
 * stands after the cache, so cache hits never take a slot.
 */
public final class UpstreamGuardFilter implements GatewayFilter {
  private final UpstreamConcurrencyLimiter limiter;
  private final ErrorResponder errors;

  /**
   * @param limiter the limiter shared by every event loop of the gateway
   * @param errors writes the 503 body
   */
  public UpstreamGuardFilter(UpstreamConcurrencyLimiter limiter, ErrorResponder errors) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  @Override
  public String id() {
    return "upstream-guard";
  }

  @Override
  public Stage stage() {
    return Stage.UPSTREAM_GUARD;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    return limiter.acquire().compose(permit -> forward(exchange, chain, permit), errors::recover);
  }

  private static Future<GatewayResponse> forward(Exchange exchange, FilterChain chain,
      UpstreamConcurrencyLimiter.Permit permit) {
    Future<GatewayResponse> answer;
    try {
      answer = chain.proceed(exchange);
    } catch (RuntimeException e) {
      permit.release();
      return Future.failedFuture(e);
    }
    return answer.map(response -> {
      permit.complete(response.status(), response.headers());
      if (response.isStreaming()) {
        return response.withStream(new ReleasingReadStream(response.stream(), permit::release));
      }
      permit.release();
      return response;
    }).onFailure(failure -> permit.release());
  }
}
