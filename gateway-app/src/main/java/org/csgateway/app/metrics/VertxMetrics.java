package org.csgateway.app.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * What Vert.x reports of itself into the gateway's registry ({@code vertx_http_server_*}, {@code vertx_http_client_*},
 * {@code vertx_pool_*}). Vert.x's default labels are kept (no path, no remote address), so its series are bounded too.
 * Its HTTP server and client meters are left out unless asked for ({@code metrics.vertxHttp}): they are looked up by
 * tags on every request.
 */
public final class VertxMetrics {
  private VertxMetrics() {}

  /** A registry for one gateway and its Vert.x instance. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Vert.x's metrics options for a gateway.
   *
   * @param http whether Vert.x's HTTP server and client meters are included
   */
  public static MicrometerMetricsOptions options(boolean http) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false);
    if (!http) {
      options.addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
          .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT);
    }
    return options;
  }
}
