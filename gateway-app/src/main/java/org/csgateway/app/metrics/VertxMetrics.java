package org.csgateway.app.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * A Vert.x instance that reports its own metrics ({@code vertx_http_server_*}, {@code vertx_http_client_*},
 * {@code vertx_pool_*}) into the gateway's registry. Only the process's entry point makes one: Vert.x metrics are
 * chosen when Vert.x is built, before the gateway starts in it. Vert.x's default labels are kept (no path, no remote
 * address), so its series are bounded too. Its HTTP server and client meters are left out unless asked for
 * ({@code metrics.vertxHttp}): they are looked up by tags on every request.
 */
public final class VertxMetrics {
  private VertxMetrics() {}

  /** A registry for one gateway and its Vert.x instance. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * A Vert.x instance reporting into this registry, or a plain one for null (metrics disabled).
   *
   * @param http whether Vert.x's HTTP server and client meters are included
   */
  public static Vertx vertx(PrometheusMeterRegistry registry, boolean http) {
    if (registry == null) {
      return Vertx.vertx();
    }
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false);
    if (!http) {
      options.addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
          .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT);
    }
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }
}
