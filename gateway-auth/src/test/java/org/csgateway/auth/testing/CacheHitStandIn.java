package org.csgateway.auth.testing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.csgateway.core.observe.Observations;
import org.csgateway.core.pipeline.Exchange;
import org.csgateway.core.pipeline.FilterChain;
import org.csgateway.core.pipeline.GatewayFilter;
import org.csgateway.core.pipeline.GatewayResponse;
import org.csgateway.core.pipeline.Stage;

/**
 * Stands in for the response cache (which the auth module may not depend on): a request carrying
 * {@link #HEADER} is answered 200 here, marked as a cache hit, without reaching the upstream.
 */
public final class CacheHitStandIn implements GatewayFilter {
  public static final String HEADER = "X-Test-Answer-From-Cache";

  @Override
  public String id() {
    return "cache-hit-stand-in";
  }

  @Override
  public Stage stage() {
    return Stage.CACHE;
  }

  @Override
  public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
    if (exchange.request().headers().get(HEADER) == null) {
      return chain.proceed(exchange);
    }
    exchange.put(Observations.CACHE_RESULT, Observations.CACHE_HIT);
    return Future.succeededFuture(GatewayResponse.of(200, Buffer.buffer("[]")));
  }
}
