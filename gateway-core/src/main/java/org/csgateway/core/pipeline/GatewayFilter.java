package org.csgateway.core.pipeline;

import io.vertx.core.Future;

/**
 * One responsibility on the request path. A filter either answers itself (returns a response without calling
 * {@link FilterChain#proceed}) or proceeds and may post-process the response it gets back, which gives response
 * processing in reverse stage order. A filter answers expected refusals with a response built by the
 * {@code ErrorResponder} (or a failed future holding a {@code GatewayException}, which the chain turns into one);
 * any other failure is a fault and becomes a 500.
 */
public interface GatewayFilter {

  /** A short stable name used in logs and metrics. */
  String id();

  /** Where this filter stands on the request path. */
  Stage stage();

  Future<GatewayResponse> apply(Exchange exchange, FilterChain chain);
}
