package org.csgateway.core.pipeline;

import io.vertx.core.Future;
import java.util.function.BiFunction;

/** Filters for tests, made from a lambda: the stand-ins (a forward that answers, a cache stub) a pipeline test needs. */
public final class TestFilters {
  private TestFilters() {}

  /** A filter with this id and stage whose {@code apply} is {@code body}. */
  public static GatewayFilter of(String id, Stage stage,
      BiFunction<Exchange, FilterChain, Future<GatewayResponse>> body) {
    return new GatewayFilter() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Stage stage() {
        return stage;
      }

      @Override
      public Future<GatewayResponse> apply(Exchange exchange, FilterChain chain) {
        return body.apply(exchange, chain);
      }
    };
  }
}
