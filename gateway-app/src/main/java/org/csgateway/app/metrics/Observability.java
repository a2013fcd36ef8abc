package org.csgateway.app.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import org.csgateway.app.config.GatewayConfig;
import org.csgateway.app.logging.AccessLog;
import org.csgateway.auth.token.AuthServerListener;
import org.csgateway.core.forward.ForwardListener;
import org.csgateway.core.observe.RequestObserver;
import org.csgateway.core.protect.UpstreamGuardListener;
import org.csgateway.core.ratelimit.RateLimitListener;

/**
 * What watches one gateway, built once from the {@code metrics} and {@code accessLog} sections: the metrics (when
 * enabled) and the access log (when enabled), and the hooks the server and the modules call. With both off every
 * hook is its module's {@code NONE}, so the request path pays nothing for them; with metrics off the access log
 * still sees every request. It lives as long as the application: a configuration reload keeps it.
 */
public final class Observability implements AutoCloseable {
  private final GatewayMetrics metrics;
  private final RequestObserver requests;

  private Observability(GatewayMetrics metrics, AccessLog accessLog) {
    this.metrics = metrics;
    RequestObserver observer = metrics == null ? RequestObserver.NONE : metrics.requests();
    this.requests = observer.andThen(accessLog == null ? RequestObserver.NONE : accessLog);
  }

  /**
   * @param config the configuration as started
   * @param registry the registry for the metrics (shared with Vert.x's own), or null for one of their own
   * @param wall the clock of the access log's timestamps
   */
  public static Observability create(GatewayConfig config, PrometheusMeterRegistry registry, InstantSource wall) {
    Objects.requireNonNull(config, "config");
    GatewayMetrics metrics = config.metrics().enabled() ? new GatewayMetrics(registry, config.metrics()) : null;
    AccessLog accessLog = config.accessLog().enabled() ? new AccessLog(wall) : null;
    return new Observability(metrics, accessLog);
  }

  /** Observes nothing (components built without a gateway around them). */
  public static Observability none() {
    return new Observability(null, null);
  }

  public Optional<GatewayMetrics> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** Told about every request by the proxy server: metrics, then the access log. */
  public RequestObserver requestObserver() {
    return requests;
  }

  public RateLimitListener rateLimitListener() {
    return metrics == null ? RateLimitListener.NONE : metrics.rateLimits();
  }

  public UpstreamGuardListener upstreamGuardListener() {
    return metrics == null ? UpstreamGuardListener.NONE : metrics.upstream();
  }

  /**
   * The forward stage's hook; not NONE while anyone observes requests, because the upstream wait it records is
   * what splits the latency into gateway and upstream time.
   */
  public ForwardListener forwardListener() {
    if (metrics != null) {
      return metrics.upstream();
    }
    return requests == RequestObserver.NONE ? ForwardListener.NONE : new ForwardListener() {};
  }

  public AuthServerListener authServerListener() {
    return metrics == null ? AuthServerListener.NONE : metrics.authServer();
  }

  /** The reload counters and hash gauge, or a no-op without metrics. */
  public ConfigMetrics configMetrics() {
    return metrics == null ? ConfigMetrics.NONE : metrics.config();
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
    }
  }
}
