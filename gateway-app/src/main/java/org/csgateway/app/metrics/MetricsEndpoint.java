package org.csgateway.app.metrics;

import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * {@code GET /metrics} on the admin listener: the Prometheus text of the gateway's registry. The text is rendered
 * on a worker thread, never on an event loop (a registry with JVM metrics and every route's histograms takes a
 * while to write).
 */
public final class MetricsEndpoint {
  private final GatewayMetrics metrics;

  public MetricsEndpoint(GatewayMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  public void mount(Router router) {
    router.get("/metrics").handler(ctx -> ctx.vertx().executeBlocking(metrics::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("Content-Type", GatewayMetrics.CONTENT_TYPE)
            .putHeader("Cache-Control", "no-store").end(text))
        .onFailure(ctx::fail));
  }
}
