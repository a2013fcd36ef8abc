package org.csgateway.core.pipeline;

import io.vertx.core.Future;

/**
 * The rest of the pipeline after the current filter. The future it returns never fails with a
 * {@code GatewayException}: those are already turned into error responses, so a filter that decorates every answer
 * (CORS, access data) sees the gateway's own refusals as ordinary responses.
 */
@FunctionalInterface
public interface FilterChain {
  Future<GatewayResponse> proceed(Exchange exchange);
}
